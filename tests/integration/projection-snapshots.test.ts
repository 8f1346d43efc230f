import test from 'ava';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../../application/ports/event-store.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { snapshotsToThin } from '../../application/projections/snapshot-retention.js';
import { takeSnapshots } from '../../application/projections/snapshot-schedule.js';
import { nearestSnapshot, readModelsAt, replayInto, restoreForRecentChanges } from '../../application/queries/at-position.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { FileProjectionSnapshots } from '../../infrastructure/snapshots/file-projection-snapshots.js';
import { everyEventCluster } from '../support/every-event-cluster.js';
import { tempDir } from '../support/tmp.js';

/** The log of a cluster driven through every kind of change kes records, read once for all the tests here. */
const log: Promise<RecordedEvent[]> = everyEventCluster().then(async (api) => {
  const events = await api.store.readAll(0, 1_000_000);
  await api.close();
  return events;
});

async function storeOf(events: readonly RecordedEvent[]): Promise<EventStore> {
  const store = new MemoryEventStore();
  for (const event of events) {
    const { id, type, data, metadata, stream, revision } = event;
    const appended = await store.append(stream, [{ id, type, data, metadata }], revision - 1);
    if (!appended.ok) throw new Error(`could not copy event ${event.position}`);
  }
  return store;
}

test('read models restored from a snapshot and replayed on equal those replayed from the first event, at every position', async (t) => {
  const events = await log;
  t.true(events.length > 200, `the log has ${events.length} events`);
  const fromStart = new ReadModels();
  const states = new Map<number, ReturnType<ReadModels['snapshot']>>();
  for (const event of events) {
    fromStart.apply(event);
    states.set(event.position, fromStart.snapshot());
  }
  let compared = 0;
  for (const [from, state] of states) {
    if (from % 13 !== 0) continue;
    const resumed = new ReadModels().restore(state);
    for (const event of events.filter((e) => e.position > from)) {
      resumed.apply(event);
      if (event.position % 5 === 0) {
        t.deepEqual(resumed.snapshot(), states.get(event.position), `restored at ${from}, replayed to ${event.position}`);
        compared++;
      }
    }
  }
  t.true(compared > 100);
});

test('snapshots survive being written to files and read back, and every point of the log is rebuilt from the nearest one', async (t) => {
  const events = await log;
  const store = await storeOf(events);
  const dir = tempDir();
  t.teardown(dir.remove);
  const snapshots = new FileProjectionSnapshots(join(dir.path, 'snapshots'), 'layout-a');
  const live = new ReadModels();
  const taking = takeSnapshots(live, snapshots, [], { every: 50 });
  await replayInto(live, store);
  await taking.flushed();
  taking.subscription.unsubscribe();
  const kept = await snapshots.positions();
  t.deepEqual(kept, events.map((e) => e.position).filter((p) => p % 50 === 0));
  for (const position of [1, 49, 50, 51, 120, events.length - 1, events.length]) {
    const fromSnapshot = await readModelsAt(store, position, snapshots);
    const fromStart = await readModelsAt(store, position);
    t.deepEqual(fromSnapshot.snapshot(), fromStart.snapshot(), `at ${position}`);
  }
});

test('a rebuild reads only the events after the nearest snapshot', async (t) => {
  const events = await log;
  const store = await storeOf(events);
  let read = 0;
  const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
    readAll: async (after: number, limit: number) => {
      const page = await store.readAll(after, limit);
      read += page.length;
      return page;
    },
  });
  const dir = tempDir();
  t.teardown(dir.remove);
  const snapshots = new FileProjectionSnapshots(dir.path, 'layout-a');
  await snapshots.save((await readModelsAt(store, 100)).snapshot());
  read = 0;
  const models = await readModelsAt(counting, 130, snapshots);
  t.is(models.position, 130);
  t.is(read, 1 + 30, 'the event at the snapshot (to check it belongs to this log), then the 30 after it');
});

test('a snapshot of another layout, another log, or one that cannot be read is never used', async (t) => {
  const events = await log;
  const store = await storeOf(events);
  const dir = tempDir();
  t.teardown(dir.remove);
  const older = new FileProjectionSnapshots(dir.path, 'layout-old');
  await older.save((await readModelsAt(store, 100)).snapshot());
  mkdirSync(join(dir.path, 'layout-new'));
  writeFileSync(join(dir.path, 'layout-new', `${'90'.padStart(15, '0')}.snapshot.4242.tmp`), 'a write cut short');
  const snapshots = new FileProjectionSnapshots(dir.path, 'layout-new');
  t.deepEqual(readdirSync(dir.path), ['layout-new'], 'the folder of the older layout is removed');
  t.deepEqual(readdirSync(join(dir.path, 'layout-new')), [], 'and what a crash left in the current one');
  t.deepEqual(await snapshots.positions(), []);

  const foreign = { ...(await readModelsAt(store, 100)).snapshot(), lastEventId: 'an-event-of-another-log' };
  await snapshots.save(foreign);
  t.is(await nearestSnapshot(snapshots, store, 150), undefined, 'a snapshot whose event is not the one at its position in this log');

  mkdirSync(join(dir.path, 'layout-new'), { recursive: true });
  writeFileSync(join(dir.path, 'layout-new', `${'120'.padStart(15, '0')}.snapshot`), 'torn');
  await snapshots.save((await readModelsAt(store, 60)).snapshot());
  t.is((await nearestSnapshot(snapshots, store, 150))?.position, 60, 'the unreadable one at 120 and the foreign one at 100 are passed over');
  t.deepEqual(await snapshots.positions(), [60, 100], 'the unreadable snapshot is removed');
});

test('only empty read models can be restored', (t) => {
  const models = new ReadModels();
  const state = models.snapshot();
  models.position = 3;
  t.throws(() => models.restore(state), { message: /only empty ones/ });
});

test('live read models start from a snapshot old enough that their recent changes reach back that many events', async (t) => {
  const events = await log;
  const store = await storeOf(events);
  const dir = tempDir();
  t.teardown(dir.remove);
  const snapshots = new FileProjectionSnapshots(dir.path, 'layout-a');
  const head = events.length;
  for (let position = 50; position < head; position += 50) await snapshots.save((await readModelsAt(store, position)).snapshot());
  const live = new ReadModels({ recentChanges: 100_000 });
  await restoreForRecentChanges(live, store, snapshots, 60);
  t.true(live.position <= head - 60 && live.position >= head - 60 - 50, `restored at ${live.position} of ${head}`);
  await replayInto(live, store);
  t.is(live.position, head);
  t.true(live.recentChanges.coversAfter(head - 60), 'a watch from 60 events back starts from the kept changes');
  t.deepEqual(live.snapshot().tables, (await readModelsAt(store, head)).snapshot().tables);
});

test('snapshots are thinned as they age: the files left are those the retention tiers keep, and points between them still rebuild exactly', async (t) => {
  const events = await log;
  t.true(events.length > 150, `the log has ${events.length} events, enough to age snapshots past the newest hundred`);
  const store = await storeOf(events);
  const dir = tempDir();
  t.teardown(dir.remove);
  const snapshots = new FileProjectionSnapshots(dir.path, 'layout-a');
  const live = new ReadModels();
  const taking = takeSnapshots(live, snapshots, [], { every: 1 });
  await replayInto(live, store);
  await taking.flushed();
  taking.subscription.unsubscribe();
  const taken = events.filter((e) => !e.metadata.appendContinues).map((e) => e.position); // never halfway through a write
  const thinned = new Set(snapshotsToThin(taken, 1));
  t.true(thinned.size > 0);
  t.deepEqual(await snapshots.positions(), taken.filter((p) => !thinned.has(p)));
  t.deepEqual(readdirSync(join(dir.path, 'layout-a')).length, taken.length - thinned.size);
  for (const position of [...thinned].slice(0, 3)) {
    const fromSnapshot = await readModelsAt(store, position, snapshots);
    t.deepEqual(fromSnapshot.snapshot(), (await readModelsAt(store, position)).snapshot(), `at ${position}`);
  }
});
