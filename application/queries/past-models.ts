import type { EventStore } from '../ports/event-store.js';
import type { ProjectionSnapshots } from '../ports/projection-snapshots.js';
import type { ReadModels } from '../projections/read-models.js';
import { readModelsAt } from './at-position.js';
import { Gate } from './gate.js';

/** How many past points are kept rebuilt: the pages of a few lists served at once at their first page's version. */
const KEPT = 4;
/** How many watches from the past rebuild and catch up at once (each holds read models of its own until it is live). */
export const REPLAYS_AT_ONCE = 2;

/**
 * The read models at past positions, for reading only: each rebuilt once from the nearest snapshot and the events
 * after it, and kept for the next request at the same position (the later pages of a list, a get at the same
 * version), the least recently used dropped first.
 */
export class PastReadModels {
  private readonly kept = new Map<number, Promise<ReadModels>>();
  /** Watches from the past take turns to rebuild and catch up: a thousand at once cost time, not a thousand copies of the models. */
  readonly replays = new Gate(REPLAYS_AT_ONCE);
  /** Reads at distinct past points (gets and lists at a resourceVersion) rebuild a few at a time too. */
  private readonly rebuilds = new Gate(REPLAYS_AT_ONCE);

  constructor(
    private readonly store: EventStore,
    private readonly snapshots?: ProjectionSnapshots,
  ) {}

  /** Read models of their own at `position`, to go on applying events to (a watch from the past): never shared. */
  fresh(position: number): Promise<ReadModels> {
    return readModelsAt(this.store, position, this.snapshots);
  }

  /** The read models at `position`, shared with other readers: never apply events to them. */
  at(position: number): Promise<ReadModels> {
    const known = this.kept.get(position);
    if (known) {
      this.kept.delete(position);
      this.kept.set(position, known);
      return known;
    }
    const rebuilt = this.rebuilds.run(() => readModelsAt(this.store, position, this.snapshots));
    rebuilt.catch(() => this.kept.delete(position));
    this.kept.set(position, rebuilt);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return rebuilt;
  }
}
