export interface Clock {
  /** ISO-8601 time. */
  now(): string;
  nowMs(): number;
}
export const Clock = Symbol.for('kes.Clock');
