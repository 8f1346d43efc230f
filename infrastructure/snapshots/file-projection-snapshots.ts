import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import type { ReadModelsState } from '../../application/projections/read-models.js';
import { projectionLayout } from './projection-layout.js';

const SUFFIX = '.snapshot';
const RECENT_LOADS = 2;
const fileName = (position: number) => `${String(position).padStart(15, '0')}${SUFFIX}`;

/**
 * Snapshots as files in `<dir>/<layout>/<position>.snapshot` (V8's structured serialization, which keeps Maps), each
 * written to a temporary file and renamed into place, so a crash leaves either the whole file or none. Folders of
 * other layouts are removed when opened (their snapshots are rebuilt from the log by the code that reads them now), as
 * are temporary files a crash left.
 */
export class FileProjectionSnapshots implements ProjectionSnapshots {
  private readonly dir: string;
  /** The last snapshots read, decoded: looks at nearby points of the past start from the same one (states are never changed). */
  private readonly recent = new Map<number, ReadModelsState>();

  constructor(root: string, layout = projectionLayout()) {
    this.dir = join(root, layout);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(root)) if (entry !== layout) rmSync(join(root, entry), { recursive: true, force: true });
    // What a write cut short (kill -9 between writing and renaming) left behind.
    for (const entry of readdirSync(this.dir)) if (entry.endsWith('.tmp')) rmSync(join(this.dir, entry), { force: true });
  }

  async positions(): Promise<number[]> {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => Number(name.slice(0, -SUFFIX.length)))
      .filter((position) => Number.isSafeInteger(position) && position > 0)
      .sort((a, b) => a - b);
  }

  async load(position: number): Promise<ReadModelsState | undefined> {
    const known = this.recent.get(position);
    if (known) return known;
    const file = join(this.dir, fileName(position));
    try {
      const state = deserialize(await readFile(file)) as ReadModelsState;
      if (state?.position !== position) throw new Error(`holds position ${String(state?.position)}`);
      this.recent.set(position, state);
      if (this.recent.size > RECENT_LOADS) this.recent.delete(this.recent.keys().next().value!);
      return state;
    } catch {
      await rm(file, { force: true });
      return undefined;
    }
  }

  async save(state: ReadModelsState): Promise<void> {
    const file = join(this.dir, fileName(state.position));
    const temporary = `${file}.${process.pid}.tmp`;
    this.recent.delete(state.position);
    await writeFile(temporary, serialize(state), { mode: 0o600 });
    await rename(temporary, file);
  }

  async remove(position: number): Promise<void> {
    this.recent.delete(position);
    await rm(join(this.dir, fileName(position)), { force: true });
  }
}
