import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/processes.js';

// The guard itself, and this test, whose examples below name what it looks for.
const ALLOWED = [join('tests', 'support', 'process-guard.ts'), join('tests', 'unit', 'test-process-spawns.test.ts')];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The asynchronous ways of node:child_process to start a process that outlives the call. */
const startsLongLived = (source: string) =>
  [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(?:node:)?child_process'/g)].some((m) => /\b(spawn|fork|exec)\b(?!\w)/.test(m[1].replace(/\btype\s+\w+/g, '')));

test('tests start long-lived processes only through spawnGuarded, so none outlives its test process', (t) => {
  const offenders = sources(join(ROOT, 'tests'))
    .map((file) => relative(ROOT, file))
    .filter((file) => !ALLOWED.includes(file) && startsLongLived(readFileSync(join(ROOT, file), 'utf8')));
  t.deepEqual(offenders, [], 'use spawnGuarded of tests/support/process-guard.ts instead of spawn, fork or exec');
});

test('the check sees a spawn, a fork and an exec imported, not spawnSync or execFile', (t) => {
  t.true(startsLongLived("import { spawn, spawnSync } from 'node:child_process';"));
  t.true(startsLongLived("import { fork } from 'child_process';"));
  t.true(startsLongLived("import {\n  execFileSync,\n  exec,\n} from 'node:child_process';"));
  t.false(startsLongLived("import { spawnSync, execFile, type ChildProcess } from 'node:child_process';"));
});
