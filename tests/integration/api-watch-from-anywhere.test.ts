import test, { type ExecutionContext } from 'ava';
import { changesSince } from '../../application/queries/changes-since.js';
import { readModelsAt } from '../../application/queries/at-position.js';
import { Gate } from '../../application/queries/gate.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { MERGE, podManifest, TABLE, watchLines, type Api, type WatchLine } from '../support/workload-api.js';

const PODS = '/api/v1/namespaces/shop/pods';

/** The memory store, counting the events it reads back in bulk (what rebuilding read models from the log costs). */
class CountingStore extends MemoryEventStore {
  eventsRead = 0;
  override async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const page = await super.readAll(after, limit);
    this.eventsRead += page.length;
    return page;
  }
}

/** An API server whose read models keep `recentChanges` changes for watches, with the namespace `shop`. */
async function shopApi(t: ExecutionContext, recentChanges?: number, store = new MemoryEventStore()): Promise<Api & { base: string }> {
  const api = await apiHarness({ store, ...(recentChanges === undefined ? {} : { recentChanges }) });
  t.teardown(api.close);
  const created = await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  if (created.statusCode !== 201) throw new Error(created.body);
  return { ...api, base: await api.app.listen({ host: '127.0.0.1', port: 0 }) };
}

const createPod = async (api: Api, name: string, labels?: Record<string, string>) => {
  const created = await api.request('POST', PODS, podManifest(name, labels ? { labels } : {}));
  if (created.statusCode !== 201) throw new Error(created.body);
  return Number(created.json().metadata.resourceVersion);
};
const names = (lines: readonly WatchLine[]) => lines.map((l) => [l.type, l.object.metadata.name]);
const versions = (lines: readonly WatchLine[]) => lines.map((l) => Number(l.object.metadata.resourceVersion));

/** A buffer of 2 changes cannot reach back to the pods made first: the watch rebuilds from the log, then hands over. */
for (const [kept, recentChanges] of [['from the kept recent changes', undefined], ['from the log, further back than the kept changes reach', 2]] as const) {
  test(`a pod watch from resourceVersion 1 replays the ADDED and DELETED of a pod gone before it opened, then follows live (${kept})`, async (t) => {
    const api = await shopApi(t, recentChanges);
    await createPod(api, 'gone');
    t.is((await api.request('DELETE', `${PODS}/gone`, {})).statusCode, 200);
    await createPod(api, 'stays');
    await api.admin('BindPod', { namespace: 'shop', name: 'stays', nodeName: 'w1' });
    t.is(api.models.recentChanges.coversAfter(1), recentChanges === undefined);

    const watching = watchLines(`${api.base}${PODS}?watch=true&resourceVersion=1`, 5);
    setTimeout(() => void createPod(api, 'live'), 200);
    const lines = await watching;
    t.deepEqual(names(lines), [['ADDED', 'gone'], ['DELETED', 'gone'], ['ADDED', 'stays'], ['MODIFIED', 'stays'], ['ADDED', 'live']]);
    t.deepEqual(versions(lines), [...versions(lines)].sort((a, b) => a - b), 'in the order of the log');
    t.is(new Set(versions(lines)).size, 5, 'each change once, at its own position');
  });

  test(`a pod watch from a recent resourceVersion gets exactly the changes after it, while writes go on (${kept})`, async (t) => {
    const api = await shopApi(t, recentChanges);
    for (let i = 0; i < 3; i++) await createPod(api, `p${i}`);
    const from = await createPod(api, 'p3');
    for (let i = 4; i < 6; i++) await createPod(api, `p${i}`);
    await api.request('PATCH', `${PODS}/p0`, { metadata: { labels: { app: 'db' } } }, MERGE);
    t.is(api.models.recentChanges.coversAfter(from), recentChanges === undefined);

    const later = Array.from({ length: 20 }, (_, i) => `p${i + 6}`);
    const writing = (async () => {
      for (const name of later) await createPod(api, name);
      await createPod(api, 'last');
    })();
    const lines = await watchLines(`${api.base}${PODS}?watch=true&resourceVersion=${from}`, 24);
    await writing;
    t.deepEqual(names(lines), [['ADDED', 'p4'], ['ADDED', 'p5'], ['MODIFIED', 'p0'], ...[...later, 'last'].map((name) => ['ADDED', name])]);
  });

  test(`a watch with a label selector sees an object that comes to match as ADDED and one that stops as DELETED (${kept})`, async (t) => {
    const api = await shopApi(t, recentChanges);
    const from = await createPod(api, 'before', { app: 'web' });
    await createPod(api, 'a', { app: 'db' });
    const relabel = (labels: Record<string, string>) => api.request('PATCH', `${PODS}/a`, { metadata: { labels } }, MERGE);
    await relabel({ app: 'web' });
    await relabel({ tier: 'front' });
    await relabel({ app: 'db' });
    t.is((await api.request('DELETE', `${PODS}/a`, {})).statusCode, 200);

    const watching = watchLines(`${api.base}${PODS}?watch=true&labelSelector=app%3Dweb&resourceVersion=${from}`, 5);
    setTimeout(async () => {
      await createPod(api, 'b', { app: 'db' });
      await api.request('PATCH', `${PODS}/b`, { metadata: { labels: { app: 'web' } } }, MERGE);
      await api.request('PATCH', `${PODS}/b`, { metadata: { labels: { app: 'db' } } }, MERGE);
    }, 200);
    const lines = await watching;
    t.deepEqual(names(lines), [['ADDED', 'a'], ['MODIFIED', 'a'], ['DELETED', 'a'], ['ADDED', 'b'], ['DELETED', 'b']]);
    t.deepEqual(lines[1].object.metadata, { ...lines[1].object.metadata, labels: { app: 'web', tier: 'front' } });
  });
}

test('a watch from a recent resourceVersion reads nothing back from the log; one from before the kept changes does', async (t) => {
  const store = new CountingStore();
  const api = await shopApi(t, 3, store);
  await createPod(api, 'old-1');
  await createPod(api, 'old-2');
  const recent = await createPod(api, 'recent');
  await createPod(api, 'newer');
  const read = store.eventsRead;

  const fromRecent = await watchLines(`${api.base}${PODS}?watch=true&resourceVersion=${recent}`, 1);
  t.deepEqual(names(fromRecent), [['ADDED', 'newer']]);
  t.is(store.eventsRead, read, 'started from the live read models: no event read back');

  const fromStart = await watchLines(`${api.base}${PODS}?watch=true&resourceVersion=1`, 4);
  t.deepEqual(names(fromStart), [['ADDED', 'old-1'], ['ADDED', 'old-2'], ['ADDED', 'recent'], ['ADDED', 'newer']]);
  t.true(store.eventsRead > read, 'further back than the kept changes: rebuilt from the log');
});

test('a node watch from resourceVersion 1 replays a node registered and deleted before it opened, as Table rows, filtered by label', async (t) => {
  const api = await shopApi(t);
  await api.admin('RegisterNode', registration('gone', { labels: { pool: 'a' } }));
  await api.admin('RegisterNode', registration('other', { labels: { pool: 'b' } }));
  await api.admin('DeleteNode', { name: 'gone' });
  type Row = { type: string; object: { kind: string; rows: { object: { metadata: { name: string } } }[] } };
  const lines = (await watchLines(`${api.base}/api/v1/nodes?watch=true&resourceVersion=1&labelSelector=pool%3Da`, 2, { accept: TABLE })) as unknown as Row[];
  t.deepEqual(lines.map((l) => [l.type, l.object.kind, l.object.rows[0].object.metadata.name]), [['ADDED', 'Table', 'gone'], ['DELETED', 'Table', 'gone']]);
});

test('watches from before the kept changes take turns to rebuild: one at a time through a gate of one, each still gets every change', async (t) => {
  const api = await shopApi(t, 2);
  for (const name of ['a', 'b', 'c', 'd']) await createPod(api, name);
  const steps: string[] = [];
  const past = {
    fresh: (at: number) => {
      steps.push('rebuild');
      return readModelsAt(api.store, at);
    },
    replays: new Gate(1),
  };
  const streams = Array.from({ length: 3 }, () => {
    const seen: string[] = [];
    const subscription = changesSince(api.models, api.store, 'Pod', 1, () => steps.push('live'), past).subscribe((change) => seen.push(change.view.meta.name));
    t.teardown(() => subscription.unsubscribe());
    return seen;
  });
  while (steps.filter((s) => s === 'live').length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
  t.deepEqual(steps, ['rebuild', 'live', 'rebuild', 'live', 'rebuild', 'live'], 'the next rebuild begins only once the one before caught up');
  for (const seen of streams) t.deepEqual([...new Set(seen)], ['a', 'b', 'c', 'd']);
});

test('many watches at once from before the kept changes each get every change (the API server lets two rebuild at a time)', async (t) => {
  const api = await shopApi(t, 2);
  for (const name of ['a', 'b', 'c']) await createPod(api, name);
  const all = await Promise.all(Array.from({ length: 6 }, () => watchLines(`${api.base}${PODS}?watch=true&resourceVersion=1`, 3)));
  for (const lines of all) t.deepEqual(names(lines), [['ADDED', 'a'], ['ADDED', 'b'], ['ADDED', 'c']]);
});
