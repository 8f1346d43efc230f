import test from 'ava';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from '../../infrastructure/runtime/process/logs.js';
import { tempDir } from '../support/tmp.js';

/** More than one read (64 KiB) of numbered lines, so the test can write between the reader's reads. */
const LINES = Array.from({ length: 12_000 }, (_, i) => `line ${String(i).padStart(6, '0')}\n`);

function logFile(t: import('ava').ExecutionContext): string {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, '0.log');
  writeFileSync(path, LINES.join(''));
  return path;
}

/** The first chunk, then — once the container has written `late` — the rest. */
async function readWhileWriting(path: string, options: { tailLines?: number; follow?: boolean }, late: string): Promise<string> {
  let writing = true;
  const chunks: string[] = [];
  const iterator = readLog(path, { ...options, writing: () => writing, pollMs: 10 });
  const first = await iterator.next();
  chunks.push(first.value as string);
  appendFileSync(path, late);
  writing = false;
  for await (const chunk of iterator) chunks.push(chunk);
  return chunks.join('');
}

test('a read without follow ends where the log ended when the read began: a line written meanwhile is left out', async (t) => {
  const read = await readWhileWriting(logFile(t), {}, 'written during the read\n');
  t.is(read, LINES.join(''));
});

test('the last lines are the last lines when the read began, even when the container writes more while they are read', async (t) => {
  const read = await readWhileWriting(logFile(t), { tailLines: 10_000 }, 'written during the read\n');
  t.is(read, LINES.slice(-10_000).join(''));
});

test('with follow, what the container writes during the read is read too', async (t) => {
  const read = await readWhileWriting(logFile(t), { tailLines: 10_000, follow: true }, 'written during the read\n');
  t.is(read, `${LINES.slice(-10_000).join('')}written during the read\n`);
});
