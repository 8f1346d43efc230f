/** What a buffered change must say: where in the log it happened. */
type Positioned = Readonly<{ event: Readonly<{ position: number }> }>;

/**
 * How many changes the API server's read models keep for watches (kube-apiserver's watch cache, by count): a watch
 * from a resourceVersion at most this many changes old starts from memory; an older one rebuilds from the log.
 * Entries share the (immutable) views of the read models, so each costs a small record plus the one view it
 * outlives: measured at about 40 MiB for 100,000 node changes (some 400 bytes each); bigger views (pods) cost more.
 */
export const RECENT_CHANGES_KEPT = 100_000;

/**
 * The last `capacity` changes of the read models, oldest first, in a ring. `coversAfter(p)` says whether every
 * change after position `p` is still here, so `after(p)` is the whole story since `p`.
 */
export class RecentChanges<C extends Positioned> {
  private readonly ring: C[] = [];
  /** Index in `ring` of the oldest change, once the ring is full. */
  private oldest = 0;
  /** Every change after this position is kept: the position of the last one dropped (or where keeping began). */
  private keptAfter: number;

  constructor(readonly capacity: number, startPosition = 0) {
    this.keptAfter = startPosition;
  }

  add(change: C): void {
    if (this.capacity <= 0) {
      this.keptAfter = change.event.position;
      return;
    }
    if (this.ring.length < this.capacity) {
      this.ring.push(change);
      return;
    }
    this.keptAfter = this.ring[this.oldest].event.position;
    this.ring[this.oldest] = change;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  /** Forgets every change, as if keeping began at `position` (read models restored from a snapshot). */
  restart(position: number): void {
    this.ring.length = 0;
    this.oldest = 0;
    this.keptAfter = position;
  }

  /** Whether every change after `position` is kept. */
  coversAfter(position: number): boolean {
    return position >= this.keptAfter;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The kept changes after `position`, oldest first (found by binary search: positions only grow). */
  *after(position: number): Iterable<C> {
    const at = (i: number) => this.ring[(this.oldest + i) % this.ring.length];
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (at(middle).event.position <= position) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.ring.length; i++) yield at(i);
  }
}
