import test from 'ava';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from '../../infrastructure/runtime/process/logs.js';
import { tempDir } from '../support/tmp.js';

const read = async (chunks: AsyncIterable<string>) => {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
};

test('a read without follow ends at the size the log had when the request came, whatever is written meanwhile', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'log');
  writeFileSync(path, 'one\ntwo\n');
  const until = Buffer.byteLength('one\ntwo\n');
  appendFileSync(path, 'three\n'); // written after the request measured the log, before the read opens it
  t.is(await read(readLog(path, { from: 4, until, writing: () => true, pollMs: 10 })), 'two\n');
  t.is(await read(readLog(path, { writing: () => true, pollMs: 10 })), 'one\ntwo\nthree\n', 'without a bound it ends where the file ends when it opens');
});
