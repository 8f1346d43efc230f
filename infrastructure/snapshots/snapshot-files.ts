import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import type { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import type { ReadModelsState } from '../../application/projections/read-models.js';
import { projectionLayout } from './projection-layout.js';

const SUFFIX = '.snapshot';

/**
 * The snapshots FileProjectionSnapshots keeps under `root`, read without changing anything (no folder made, none of
 * another layout removed, an unreadable file left where it is): for checking them beside the cluster that writes them.
 */
export class SnapshotFiles implements Pick<ProjectionSnapshots, 'positions' | 'load'> {
  private readonly dir: string;

  constructor(private readonly root: string, readonly layout = projectionLayout()) {
    this.dir = join(root, layout);
  }

  /** Folders of snapshots made by other projection code: not comparable with what this code rebuilds. */
  otherLayouts(): string[] {
    return existsSync(this.root) ? readdirSync(this.root).filter((entry) => entry !== this.layout) : [];
  }

  async positions(): Promise<number[]> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => Number(name.slice(0, -SUFFIX.length)))
      .filter((position) => Number.isSafeInteger(position) && position > 0)
      .sort((a, b) => a - b);
  }

  async load(position: number): Promise<ReadModelsState | undefined> {
    try {
      const state = deserialize(readFileSync(join(this.dir, `${String(position).padStart(15, '0')}${SUFFIX}`))) as ReadModelsState;
      return state?.position === position ? state : undefined;
    } catch {
      return undefined;
    }
  }
}
