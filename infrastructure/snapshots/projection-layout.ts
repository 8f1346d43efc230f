import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders (of the built code) whose code decides what a read model holds: the domain's evolve and the projections. */
const PROJECTION_CODE = ['domain', join('application', 'projections')];

function* codeFiles(dir: string): Iterable<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* codeFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/**
 * What a snapshot's layout is: a hash of the code that folds events into read models. A snapshot made by other code
 * (an older or newer kes) may hold views of another shape, so it counts as missing and the log rebuilds it — never a
 * version number someone must remember to bump.
 */
export function projectionLayout(root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')): string {
  const hash = createHash('sha256');
  const files = PROJECTION_CODE.flatMap((dir) => [...codeFiles(join(root, dir))]).sort();
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}
