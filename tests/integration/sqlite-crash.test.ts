import test from 'ava';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { eventually } from '../support/processes.js';
import { spawnGuarded } from '../support/process-guard.js';
import { tempDir } from '../support/tmp.js';

type Ack = { stream: string; ids: string[]; revision: number; position: number };

const CHILD = fileURLToPath(new URL('../support/sqlite-append-child.js', import.meta.url));

test('SqliteEventStore: after kill -9 every acknowledged append is there, and nothing is torn or doubled', async (t) => {
  const dir = tempDir('kes-crash-');
  t.teardown(() => dir.remove());
  const file = join(dir.path, 'events.db');
  const child = spawnGuarded(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const alive = () => child.exitCode === null && child.signalCode === null;
  t.teardown(() => {
    if (alive() && child.pid) process.kill(child.pid, 'SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('ready\n') && resolve());
    void exited.then(() => reject(new Error(`the child exited before it was ready: ${stderr}`)));
  });
  // Killed once it has acknowledged a good number of appends, however long a loaded machine takes for them.
  const acknowledged = () => stdout.split('\n').length - 2; // less "ready" and the piece after the last newline
  await eventually(() => acknowledged() > 64 || !alive(), (enough) => enough, 30_000, 10);
  if (!alive() || !child.pid) return void t.fail(`the child died on its own: ${stderr}`);
  process.kill(child.pid, 'SIGKILL');
  t.is(await exited, 'SIGKILL');

  const lines = stdout.split('\n').slice(1, -1); // after "ready"; the last piece may be cut off mid-line
  const acks = lines.map((line) => JSON.parse(line) as Ack);
  t.true(acks.length > 16, `only ${acks.length} appends were acknowledged before the kill`);

  const store = SqliteEventStore.open(file);
  t.teardown(() => store.close());
  const all = await store.readAll(0, Number.MAX_SAFE_INTEGER);
  const byId = new Map(all.map((e) => [e.id, e]));
  t.log(`${acks.length} appends acknowledged, ${all.length} events stored`);

  t.deepEqual(all.map((e) => e.position), all.map((_, i) => i + 1), 'positions are 1..N with no gap');
  t.is(byId.size, all.length, 'no id is stored twice');
  for (const [stream, events] of groupByStream(all)) {
    t.deepEqual(events.map((e) => e.revision), events.map((_, i) => i), `revisions of ${stream} run from 0 without a gap`);
  }
  const missing = acks.flatMap((ack) => ack.ids.filter((id) => !byId.has(id)));
  t.deepEqual(missing, [], 'every acknowledged event survived');
  for (const ack of acks) {
    const last = byId.get(ack.ids[ack.ids.length - 1]);
    t.like(last, { stream: ack.stream, revision: ack.revision, position: ack.position });
  }

  const head = await store.headPosition();
  for (const ack of [acks[0], acks[acks.length - 1]]) {
    const events = ack.ids.map((id) => byId.get(id)!);
    const retried = await store.append(ack.stream, events, ack.revision - ack.ids.length);
    t.deepEqual(retried, { ok: true, revision: ack.revision, position: ack.position });
  }
  t.is(await store.headPosition(), head, 'a retried command writes nothing');
});

function groupByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const stream = streams.get(e.stream) ?? [];
    stream.push(e);
    streams.set(e.stream, stream);
  }
  return streams;
}
