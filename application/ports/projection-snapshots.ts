import type { ReadModelsState } from '../projections/read-models.js';

/**
 * The read models as they were at some positions of the log, kept so that the cluster at any point of its history
 * is rebuilt from the nearest snapshot and the events after it, not from the first event. Snapshots are derived
 * data: one that is missing, unreadable or made by other projection code (another layout) is simply not there,
 * and the log rebuilds it.
 */
export interface ProjectionSnapshots {
  /** The positions of the snapshots kept, ascending. */
  positions(): Promise<number[]>;
  /** The snapshot at `position`; undefined when there is none, or it cannot be read (it is then removed). */
  load(position: number): Promise<ReadModelsState | undefined>;
  /** Keeps a snapshot (replacing one at the same position); durable enough to be found after a restart. */
  save(state: ReadModelsState): Promise<void>;
  /** Drops the snapshot at `position` (none there is no error). */
  remove(position: number): Promise<void>;
}

export const ProjectionSnapshots = Symbol.for('kes.ProjectionSnapshots');
