/** Ids and secrets come from outside the domain. */
export interface IdGenerator {
  /** A fresh random UUID. */
  newId(): string;
  /** A UUID derived from a command id and an index (v5), so a retried command yields the same event ids. */
  eventId(commandId: string, index: number): string;
}
export const IdGenerator = Symbol.for('kes.IdGenerator');

export interface Credentials {
  /** A random string of `length` characters from [a-z0-9]. */
  randomToken(length: number): string;
  /** A one-way hash of a secret, to store instead of the secret. */
  hash(secret: string): string;
  /** Compares a secret with a stored hash in constant time. */
  matches(secret: string, hash: string): boolean;
}
export const Credentials = Symbol.for('kes.Credentials');
