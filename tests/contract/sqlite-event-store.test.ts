import test from 'ava';
import { join } from 'node:path';
import type { EventStore } from '../../application/ports/event-store.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/tmp.js';
import { eventStoreContract } from './event-store.contract.js';
import { event, openFor, streamName, type StoreUnderTest } from './event-store-fixtures.js';

async function openSqlite(): Promise<StoreUnderTest> {
  const dir = tempDir('kes-sqlite-');
  const file = join(dir.path, 'events.db');
  const opened: EventStore[] = [SqliteEventStore.open(file)];
  const reopen = async () => {
    await opened[opened.length - 1].close();
    opened.push(SqliteEventStore.open(file));
    return opened[opened.length - 1];
  };
  const cleanup = async () => {
    for (const store of opened) await store.close();
    dir.remove();
  };
  return { store: opened[0], reopen, cleanup };
}

eventStoreContract(test, 'SqliteEventStore', openSqlite);

test('SqliteEventStore: appends queued in one tick each see the ones before them', async (t) => {
  const { store } = await openFor(t, openSqlite);
  const stream = streamName('pod');

  const results = await Promise.all([0, 1, 2].map((revision) => store.append(stream, [event('E')], revision - 1)));

  t.deepEqual(results, [
    { ok: true, revision: 0, position: 1 },
    { ok: true, revision: 1, position: 2 },
    { ok: true, revision: 2, position: 3 },
  ]);
});

test('SqliteEventStore: an append that fails is undone alone, the rest of its group commit stands', async (t) => {
  const { store } = await openFor(t, openSqlite);
  const [a, b, c] = [streamName('a'), streamName('b'), streamName('c')];
  const twice = event('Twice');

  const [first, broken, last] = await Promise.allSettled([
    store.append(a, [event('E')], -1),
    store.append(b, [event('E'), twice, twice], -1),
    store.append(c, [event('E')], -1),
  ]);

  t.deepEqual(first, { status: 'fulfilled', value: { ok: true, revision: 0, position: 1 } });
  t.is(broken.status, 'rejected');
  t.deepEqual(last, { status: 'fulfilled', value: { ok: true, revision: 0, position: 2 } });
  t.deepEqual(await store.readStream(b), []);
  t.is(await store.headPosition(), 2);
});

test('SqliteEventStore: a retry whose ids are only partly stored is refused, not half-written', async (t) => {
  const { store } = await openFor(t, openSqlite);
  const stream = streamName('pod');
  const stored = event('PodCreated');
  await store.append(stream, [stored], -1);

  await t.throwsAsync(store.append(stream, [stored, event('PodScheduled')], 0), { message: /some of its event ids/ });
  t.is((await store.readStream(stream)).length, 1);
});

test('SqliteEventStore: close writes what is queued and completes subscriptions', async (t) => {
  const { store } = await openFor(t, openSqlite);
  let completed = false;
  store.subscribe(0).subscribe({ complete: () => (completed = true) });
  const pending = store.append(streamName('pod'), [event('PodCreated')], -1);

  await store.close();

  t.deepEqual(await pending, { ok: true, revision: 0, position: 1 });
  t.true(completed);
  await t.throwsAsync(store.append(streamName('pod'), [event('PodCreated')], -1), { message: /closed/ });
});

test('SqliteEventStore: the log read in long pages (the next one read ahead) is every event once, in order, with later commits', async (t) => {
  const { store } = await openFor(t, openSqlite);
  const stream = streamName('node');
  const appended = Array.from({ length: 2500 }, (_, i) => event('NodeLabelsChanged', { line: `"quoted"\n${i}` }));
  for (let from = 0; from < 2000; from += 500) await store.append(stream, appended.slice(from, from + 500), from - 1);

  const pages = [await store.readAll(0, 1000)];
  await store.append(stream, appended.slice(2000), 1999); // after the second page was read ahead
  for (let page = await store.readAll(1000, 1000); page.length > 0; page = await store.readAll(page[page.length - 1]!.position, 1000))
    pages.push(page);

  t.deepEqual(pages.map((page) => page.length), [1000, 1000, 500]);
  t.deepEqual(pages.flat(), await store.readStream(stream));
  t.deepEqual(pages.flat().map((e) => e.data), appended.map((e) => e.data));
});
