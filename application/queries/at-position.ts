import type { EventStore } from '../ports/event-store.js';
import type { ProjectionSnapshots } from '../ports/projection-snapshots.js';
import { ReadModels, type ReadModelsState } from '../projections/read-models.js';

const PAGE = 10_000;

/** Applies the stored events after `models.position` up to `upTo` (the store's head when omitted). */
export async function replayInto(models: ReadModels, store: EventStore, upTo = Number.MAX_SAFE_INTEGER): Promise<ReadModels> {
  while (models.position < upTo) {
    const page = await store.readAll(models.position, Math.min(PAGE, upTo - models.position));
    if (page.length === 0) break;
    for (const event of page) if (event.position <= upTo) models.apply(event);
    if (page.at(-1)!.position >= upTo) break;
  }
  return models;
}

/**
 * The newest readable snapshot at or before `position` that belongs to this log: the event at its position is the one
 * it was taken after (a snapshot left from another store is never used).
 */
export async function nearestSnapshot(snapshots: ProjectionSnapshots | undefined, store: EventStore, position: number): Promise<ReadModelsState | undefined> {
  const kept = snapshots ? await snapshots.positions() : [];
  for (const at of kept.filter((p) => p <= position).reverse()) {
    const state = await snapshots!.load(at);
    const [event] = state ? await store.readAll(at - 1, 1) : [];
    if (state && event?.position === at && event.id === state.lastEventId) return state;
  }
  return undefined;
}

/** Read models filled from the nearest snapshot at or before `position`; empty ones when there is none. */
export async function fromNearestSnapshot(snapshots: ProjectionSnapshots | undefined, store: EventStore, position: number): Promise<ReadModels> {
  const state = await nearestSnapshot(snapshots, store, position);
  return state ? new ReadModels().restore(state) : new ReadModels();
}

/**
 * The read models as they were right after `position` (the log is never compacted, so any point can be rebuilt):
 * from the nearest snapshot before it when there are snapshots, so the cost is the events since that snapshot.
 */
export async function readModelsAt(store: EventStore, position: number, snapshots?: ProjectionSnapshots): Promise<ReadModels> {
  return replayInto(await fromNearestSnapshot(snapshots, store, position), store, position);
}

/**
 * Fills empty live read models from a snapshot, so that the events replayed after it (to the head) leave in their
 * recent changes at least the last `keepRecent` events: the newest snapshot at least that far behind the head. A
 * watch from a resourceVersion a client got shortly before a restart then starts from those changes rather than
 * rebuilding from a snapshot of its own.
 */
export async function restoreForRecentChanges(models: ReadModels, store: EventStore, snapshots: ProjectionSnapshots, keepRecent: number): Promise<void> {
  const state = await nearestSnapshot(snapshots, store, (await store.headPosition()) - keepRecent);
  if (state) models.restore(state);
}
