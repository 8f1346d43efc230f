/** Ids and secrets come from outside the domain. */
export interface IdGenerator {
  /** A fresh random UUID. */
  newId(): string;
  /** A UUID (v5) derived from the parts, so the same parts always give the same id. */
  derivedId(...parts: readonly (string | number)[]): string;
}
export const IdGenerator = Symbol.for('kes.IdGenerator');

/** The event ids of a command: derived from its id, so a retried command is a no-op at the store. */
export const eventIdFor = (ids: IdGenerator, commandId: string, index: number) => ids.derivedId(commandId, index);

export interface Credentials {
  /** A random string of `length` characters from [a-z0-9]. */
  randomToken(length: number): string;
  /** A one-way hash of a secret, to store instead of the secret. */
  hash(secret: string): string;
  /** Compares a secret with a stored hash in constant time. */
  matches(secret: string, hash: string): boolean;
}
export const Credentials = Symbol.for('kes.Credentials');
