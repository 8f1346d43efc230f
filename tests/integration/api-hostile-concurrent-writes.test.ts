import test, { type ExecutionContext } from 'ava';
import { join } from 'node:path';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { ADMIN_TOKEN, apiHarness } from '../support/api-harness.js';
import { overLoopback, type RawResponse } from '../support/loopback-http.js';
import { configMapManifest } from '../support/service-api.js';
import { tempDir } from '../support/tmp.js';

/*
 * Writers of every kind — PUT, merge, strategic-merge and JSON patches, server-side applies by two managers, and a
 * DELETE with preconditions — all from the same resourceVersion at once, over real sockets on a SQLite store:
 * exactly one wins, every other one is a 409, and the object's stream gains the one winner's change. A write
 * conditional on a version of an object another writer deleted must lose too, not create the object again.
 */

const ROUNDS = 21;
const AS_ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

async function cluster(t: ExecutionContext) {
  const dir = tempDir();
  const store = SqliteEventStore.open(join(dir.path, 'kes.db'));
  const api = await apiHarness({ store });
  const http = await overLoopback(api.app, 16);
  t.teardown(async () => {
    http.close();
    await api.close();
    await store.close();
    dir.remove();
  });
  const made = await http.send('POST', '/api/v1/namespaces', AS_ADMIN, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  if (made.status !== 201) throw new Error(made.body);
  return { store, send: http.send };
}

type Send = Awaited<ReturnType<typeof cluster>>['send'];

/** Each kind of writer, changing ConfigMap `name` on condition that it is still at `rv`. */
function writers(send: Send, name: string, rv: string): (() => Promise<RawResponse>)[] {
  const item = `${CONFIGMAPS}/${name}`;
  const patch = (type: string, body: unknown, query = '') => send('PATCH', `${item}${query}`, { ...AS_ADMIN, 'content-type': type }, body);
  const apply = (manager: string) =>
    patch('application/apply-patch+yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: rv }, data: { by: manager } }, `?fieldManager=${manager}&force=true`);
  return [
    () => send('PUT', item, AS_ADMIN, { ...configMapManifest(name, { by: 'put' }), metadata: { name, resourceVersion: rv } }),
    () => patch('application/merge-patch+json', { metadata: { resourceVersion: rv }, data: { by: 'merge' } }),
    () => patch('application/strategic-merge-patch+json', { metadata: { resourceVersion: rv }, data: { by: 'strategic' } }),
    () => patch('application/json-patch+json', [{ op: 'replace', path: '/metadata/resourceVersion', value: rv }, { op: 'replace', path: '/data/by', value: 'json' }]),
    () => apply('manager-one'),
    () => apply('manager-two'),
    () => send('DELETE', item, AS_ADMIN, { preconditions: { resourceVersion: rv } }),
  ];
}

test(`every kind of writer at once from one resourceVersion, ${ROUNDS} rounds each started by another: one wins, the others get 409, one change is appended`, async (t) => {
  const { store, send } = await cluster(t);
  const winners = new Set<number>();
  for (let round = 0; round < ROUNDS; round++) {
    const name = `race-${round}`;
    const created = await send('POST', CONFIGMAPS, AS_ADMIN, configMapManifest(name, { by: 'creator' }));
    const rv = created.json().metadata.resourceVersion as string;
    const all = writers(send, name, rv);
    const first = round % all.length;
    const order = [...all.keys()].map((i) => (i + first) % all.length);
    const responses: RawResponse[] = new Array(all.length);
    await Promise.all(order.map(async (i) => (responses[i] = await all[i]())));
    const won = responses.flatMap((r, i) => (r.status < 300 ? [i] : []));
    t.is(won.length, 1, `round ${round}: ${responses.map((r) => `${r.status} ${r.status >= 300 && r.status !== 409 ? r.body : ''}`).join(', ')}`);
    t.deepEqual(responses.filter((r) => r.status >= 300).map((r) => r.status), Array(all.length - 1).fill(409), `round ${round}`);
    for (const i of won) winners.add(i);
    const stream = await store.readStream(`configmap-default.${name}`);
    // What came after the create (its events: the ConfigMap and the record of its manager).
    const events = stream.filter((e) => e.metadata.commandId !== stream[0]!.metadata.commandId);
    t.is(new Set(events.map((e) => e.metadata.commandId)).size, 1, `round ${round}: ${events.map((e) => e.type).join(', ')}`);
  }
  t.log(`writers that won a round: ${[...winners].sort().join(', ')}`);
});

test('a server-side apply conditional on the resourceVersion of an object deleted since is a 409, and does not create it again', async (t) => {
  const { store, send } = await cluster(t);
  const rv = (await send('POST', CONFIGMAPS, AS_ADMIN, configMapManifest('gone', { by: 'creator' }))).json().metadata.resourceVersion as string;
  t.is((await send('DELETE', `${CONFIGMAPS}/gone`, AS_ADMIN)).status, 200);
  const before = (await store.readStream('configmap-default.gone')).length;
  const applied = await send('PATCH', `${CONFIGMAPS}/gone?fieldManager=late`, { ...AS_ADMIN, 'content-type': 'application/apply-patch+yaml' },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', resourceVersion: rv }, data: { by: 'late' } });
  t.is(applied.status, 409, applied.body);
  t.like(applied.json(), { kind: 'Status', reason: 'Conflict' });
  t.regex(applied.json().message, /^Operation cannot be fulfilled on configmaps "gone": the object has been modified; .* no longer exists/);
  t.is((await store.readStream('configmap-default.gone')).length, before);
  t.is((await send('GET', `${CONFIGMAPS}/gone`, AS_ADMIN)).status, 404);
});
