import type { Observable } from 'rxjs';

/** Node heartbeats (leases). Not cluster changes: never stored as events. */
export interface Heartbeats {
  beat(node: string, atMs: number): void;
  lastBeat(node: string): number | undefined;
  /** Emits a node name on each beat, so a reconciler can enqueue it. */
  readonly beats: Observable<string>;
}
export const Heartbeats = Symbol.for('kes.Heartbeats');
