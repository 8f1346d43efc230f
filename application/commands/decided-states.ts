/** A stream's folded state as of its last event. */
export type DecidedState = Readonly<{ state: unknown; revision: number; position: number }>;

/**
 * The folded state of the streams commands were recently decided on, so the next command on a hot stream
 * (a pod is created, bound, then reported running within moments) skips reading and folding it again.
 * Sound while the handlers sharing it are the store's only writer (the API server process is): a stale entry
 * is found out by the expected-revision check on append and dropped. Least recently used entries go first.
 */
export class DecidedStates {
  private readonly entries = new Map<string, DecidedState>();

  constructor(private readonly capacity = 20_000) {}

  get(stream: string): DecidedState | undefined {
    const entry = this.entries.get(stream);
    if (entry === undefined) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry;
  }

  /** Keeps `entry` unless a later revision of the stream is already kept (a slower reader must not undo it). */
  set(stream: string, entry: DecidedState): void {
    const kept = this.entries.get(stream);
    if (kept !== undefined && kept.revision > entry.revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }

  get size(): number {
    return this.entries.size;
  }
}
