import type { Subscription } from 'rxjs';
import type { ProjectionSnapshots } from '../ports/projection-snapshots.js';
import type { ReadModels } from './read-models.js';
import { snapshotsToThin } from './snapshot-retention.js';

/** How many events apart snapshots are taken, unless configured: the most a point in time costs to rebuild. */
export const SNAPSHOT_EVERY = 10_000;

export type SnapshotSchedule = Readonly<{ every?: number; onError?: (error: Error) => void }>;

/**
 * Takes a snapshot of the read models each time they pass a multiple of `every` events that has none (after the
 * first event past it that ends a write: snapshots are at the positions where they were taken). The snapshot is taken at once, in the
 * same turn as the event (so it is exactly the models at that position, and cheap: maps of immutable views are
 * copied), and written in order while events go on, each write followed by thinning older ones (snapshot-retention).
 * `flushed` resolves once every snapshot taken so far is written.
 */
export function takeSnapshots(models: ReadModels, snapshots: ProjectionSnapshots, kept: readonly number[], schedule: SnapshotSchedule = {}): SnapshotTaking {
  const every = schedule.every ?? SNAPSHOT_EVERY;
  const covered = new Set(kept.map((position) => Math.floor(position / every)));
  let written = Promise.resolve();
  const subscription = models.applied.subscribe(() => {
    const slot = Math.floor(models.position / every);
    // Not halfway through a write: models restored from the snapshot would not know the change its first events made.
    if (slot === 0 || covered.has(slot) || models.midWrite) return;
    covered.add(slot);
    const state = models.snapshot();
    written = written.then(() =>
      snapshots.save(state).then(
        () => thin(snapshots, every).catch(schedule.onError),
        (error: Error) => {
          covered.delete(slot);
          schedule.onError?.(error);
        },
      ),
    );
  });
  return { subscription, flushed: () => written };
}

/** Removes what the retention tiers no longer keep, now that a newer snapshot is written. */
async function thin(snapshots: ProjectionSnapshots, every: number): Promise<void> {
  for (const position of snapshotsToThin(await snapshots.positions(), every)) await snapshots.remove(position);
}

export type SnapshotTaking = Readonly<{ subscription: Subscription; flushed: () => Promise<void> }>;
