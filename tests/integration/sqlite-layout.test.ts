import test from 'ava';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStore } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { event } from '../contract/event-store-fixtures.js';
import { spawnGuarded } from '../support/process-guard.js';
import { tempDir } from '../support/tmp.js';

const CHILD = fileURLToPath(new URL('../support/sqlite-append-child.js', import.meta.url));
/** More than the store keeps out of its stream index (4096 events) before writing a batch of it. */
const MANY = 6000;
const ONE_BATCH = 4096;

function storeFile(t: { teardown: (f: () => void) => void }): string {
  const dir = tempDir('kes-sqlite-layout-');
  t.teardown(() => dir.remove());
  return join(dir.path, 'events.db');
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll(0, Number.MAX_SAFE_INTEGER);
}

/** Each stream read with readStream is exactly its events in the whole log, in revision order. */
async function streamsMatchLog(store: EventStore): Promise<boolean> {
  const all = await readEverything(store);
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of all) streams.set(e.stream, [...(streams.get(e.stream) ?? []), e]);
  for (const [stream, events] of streams) {
    const read = await store.readStream(stream);
    if (JSON.stringify(read) !== JSON.stringify(events)) return false;
    if (!read.every((e, revision) => e.revision === revision)) return false;
  }
  return true;
}

test('SqliteEventStore: streams read back whole across stream-index batches and a reopen', async (t) => {
  const file = storeFile(t);
  const store = SqliteEventStore.open(file);
  const streams = Array.from({ length: 12 }, (_, i) => `pod-layout.s${i}`);
  for (let done = 0; done < MANY; done += 600) {
    await Promise.all(streams.map((stream) => store.append(stream, Array.from({ length: 50 }, () => event('Raced')), 'any')));
  }
  t.true(await streamsMatchLog(store), 'before the reopen');
  const retried = (await store.readStream(streams[0]!)).slice(-2);
  await store.close();

  const reopened = SqliteEventStore.open(file);
  t.teardown(() => reopened.close());
  t.true(await streamsMatchLog(reopened), 'after the reopen');
  t.is(await reopened.headPosition(), MANY);
  t.like(await reopened.append(streams[0]!, retried, 'any'), { ok: true, position: retried[1]!.position });
  t.like(await reopened.append(streams[0]!, [event('Next')], MANY / streams.length - 1), { ok: true, position: MANY + 1 });
});

test('SqliteEventStore: after kill -9 the stream index is rebuilt from the log', async (t) => {
  const file = storeFile(t);
  const child = spawnGuarded(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let acknowledged = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      acknowledged += chunk.toString().split('\n').length - 1;
      if (acknowledged > MANY / 2) resolve(); // appends of 1 to 3 events: past MANY events
    });
    child.on('exit', () => reject(new Error('the child exited before it was killed')));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const store = SqliteEventStore.open(file);
  t.teardown(() => store.close());
  t.true((await store.headPosition()) > ONE_BATCH, 'the log reaches past one batch of the stream index');
  t.true(await streamsMatchLog(store));
});

test('SqliteEventStore: a file of the layout before versions is migrated, and stays idempotent', async (t) => {
  const file = storeFile(t);
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision))`);
  const written = [event('PodCreated', { spec: { image: 'nginx' } }), event('PodScheduled', { node: 'n1' })];
  const insert = old.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  written.forEach((e, revision) => insert.run(e.id, 'pod-default.web', revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)));
  old.close();

  const store = SqliteEventStore.open(file);
  t.teardown(() => store.close());
  const expected = written.map((e, i) => ({ ...e, stream: 'pod-default.web', revision: i, position: i + 1 }));
  t.deepEqual(await store.readStream('pod-default.web'), expected);
  t.deepEqual(await store.readAll(0, 10), expected);
  t.deepEqual(await store.append('pod-default.web', written, -1), { ok: true, revision: 1, position: 2 });
  t.deepEqual(await store.append('pod-default.web', [event('PodDeleted')], 1), { ok: true, revision: 2, position: 3 });
});

test('SqliteEventStore: a record leaves out the correlation and causation ids that repeat the command id', async (t) => {
  const file = storeFile(t);
  const store = SqliteEventStore.open(file);
  const root = event('PodCreated');
  const reaction = { ...event('PodScheduled'), metadata: { ...event('x').metadata, correlationId: root.metadata.commandId } };
  await store.append('pod-default.web', [root, reaction], -1);
  await store.close();

  const db = new Database(file, { readonly: true });
  const records = db.prepare<[], string>('SELECT record FROM events ORDER BY position').pluck().all();
  db.close();
  const stored = records.map((record) => (JSON.parse(record) as { metadata: Record<string, unknown> }).metadata);
  t.deepEqual(stored.map((m) => [m.correlationId, m.causationId]), [[undefined, undefined], [root.metadata.commandId, undefined]]);
});

test('SqliteEventStore: a second writer of the same file is refused with a clear error', async (t) => {
  const file = storeFile(t);
  const first = SqliteEventStore.open(file);
  const second = SqliteEventStore.open(file);
  t.teardown(() => Promise.all([first.close(), second.close()]));

  // Each writer reads the head when its thread starts, so one of these finds the other's event there.
  const outcomes = [];
  for (const [store, stream] of [[first, 'node-a'], [second, 'node-b'], [first, 'node-c']] as const)
    outcomes.push(await store.append(stream, [event('NodeRegistered')], -1).catch((error: Error) => error));

  const refused = outcomes.filter((outcome): outcome is Error => outcome instanceof Error);
  t.true(refused.length > 0 && refused.every((error) => /another process wrote to it/.test(error.message)));
  const log = await first.readAll(0, 10);
  t.is(log.length, outcomes.length - refused.length);
  t.deepEqual(log.map((e) => e.position), log.map((_, i) => i + 1));
});
