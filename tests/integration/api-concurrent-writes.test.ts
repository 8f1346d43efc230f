import test, { type ExecutionContext } from 'ava';
import { join } from 'node:path';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { ADMIN_TOKEN, apiHarness } from '../support/api-harness.js';
import { overLoopback, type RawResponse } from '../support/loopback-http.js';
import { configMapManifest } from '../support/service-api.js';
import { tempDir } from '../support/tmp.js';
import { deploymentManifest } from '../support/workload-api.js';

const WRITERS = 8;
const ROUNDS = 100;
const AS_ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const MERGE = { ...AS_ADMIN, 'content-type': 'application/merge-patch+json' };

/** An API server on a real SQLite store, listening on loopback, with the default namespace. */
async function cluster(t: ExecutionContext) {
  const dir = tempDir();
  const store = SqliteEventStore.open(join(dir.path, 'kes.db'));
  const api = await apiHarness({ store });
  const http = await overLoopback(api.app, WRITERS * 2);
  t.teardown(async () => {
    http.close();
    await api.close();
    await store.close();
    dir.remove();
  });
  const made = await http.send('POST', '/api/v1/namespaces', AS_ADMIN, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  if (made.status !== 201) throw new Error(made.body);
  return { api, store, send: http.send };
}

/** The ids of the commands that changed the stream after its first `skip` events: one per change a client made. */
async function changesOf(store: SqliteEventStore, stream: string, skip: number): Promise<string[]> {
  const events = (await store.readStream(stream)).slice(skip);
  return [...new Set(events.map((e) => e.metadata.commandId))];
}

const statuses = (responses: readonly RawResponse[]) => responses.map((r) => r.status).sort((a, b) => a - b);
const oneWinner = (responses: readonly RawResponse[]) => [200, ...Array<number>(responses.length - 1).fill(409)];

/**
 * Every round, WRITERS clients write the object at once, all from the resourceVersion they read; exactly one
 * write may win, the others must be told 409, and the object's history must gain exactly one change.
 */
async function race(t: ExecutionContext, write: (writer: number, round: number, resourceVersion: string) => Promise<RawResponse>, read: () => Promise<RawResponse>) {
  for (let round = 1; round <= ROUNDS; round++) {
    const resourceVersion = (await read()).json().metadata.resourceVersion as string;
    const responses = await Promise.all(Array.from({ length: WRITERS }, (_, writer) => write(writer, round, resourceVersion)));
    if (statuses(responses).join() !== oneWinner(responses).join()) t.fail(`round ${round}: ${statuses(responses).join(', ')}`);
    for (const lost of responses.filter((r) => r.status === 409))
      t.regex(lost.json().message, /the object has been modified; please apply your changes to the latest version and try again/);
  }
}

test(`${WRITERS} writers PUT a ConfigMap from the same resourceVersion, ${ROUNDS} rounds: one wins each round, the others get 409, one change per round`, async (t) => {
  const { store, send } = await cluster(t);
  const path = '/api/v1/namespaces/default/configmaps/shared';
  t.is((await send('POST', '/api/v1/namespaces/default/configmaps', AS_ADMIN, configMapManifest('shared', { round: '0' }))).status, 201);
  const created = (await store.readStream('configmap-default.shared')).length;
  await race(t, (writer, round, resourceVersion) =>
    send('PUT', path, AS_ADMIN, { ...configMapManifest('shared', { round: String(round), writer: String(writer) }), metadata: { name: 'shared', resourceVersion } }),
  () => send('GET', path, AS_ADMIN));
  t.is((await changesOf(store, 'configmap-default.shared', created)).length, ROUNDS);
  t.is((await send('GET', path, AS_ADMIN)).json().data.round, String(ROUNDS));
});

test(`${WRITERS} writers PUT a Deployment (labels and replicas, two commands each) from the same resourceVersion: one wins, whole, each round`, async (t) => {
  const { store, send } = await cluster(t);
  const path = '/apis/apps/v1/namespaces/default/deployments/web';
  t.is((await send('POST', '/apis/apps/v1/namespaces/default/deployments', AS_ADMIN, deploymentManifest('web', 1))).status, 201);
  const created = (await store.readStream('deployment-default.web')).length;
  await race(t, (writer, round, resourceVersion) => {
    const manifest = deploymentManifest('web', writer + 2);
    return send('PUT', path, AS_ADMIN, { ...manifest, metadata: { ...manifest.metadata, labels: { app: 'web', round: String(round) }, resourceVersion } });
  }, () => send('GET', path, AS_ADMIN));
  const events = (await store.readStream('deployment-default.web')).slice(created);
  const byCommand = new Map<string, typeof events>();
  for (const event of events) byCommand.set(event.metadata.commandId, [...(byCommand.get(event.metadata.commandId) ?? []), event]);
  t.is(byCommand.size, ROUNDS, 'one change per round');
  t.true([...byCommand.values()].every((change) => change.some((e) => e.type === 'LabelsChanged')), 'each change is whole: its labels and its replicas together');
});

test(`${WRITERS} writers merge-patch a ConfigMap with the same metadata.resourceVersion: one wins each round, the others get 409`, async (t) => {
  const { store, send } = await cluster(t);
  const path = '/api/v1/namespaces/default/configmaps/patched';
  t.is((await send('POST', '/api/v1/namespaces/default/configmaps', AS_ADMIN, configMapManifest('patched', { round: '0' }))).status, 201);
  const created = (await store.readStream('configmap-default.patched')).length;
  await race(t, (writer, round, resourceVersion) =>
    send('PATCH', path, MERGE, { metadata: { resourceVersion }, data: { round: String(round), writer: String(writer) } }),
  () => send('GET', path, AS_ADMIN));
  t.is((await changesOf(store, 'configmap-default.patched', created)).length, ROUNDS);
});

test(`${WRITERS} clients DELETE one object with the same preconditions, ${ROUNDS} rounds: exactly one deletes it, none of the others changes anything`, async (t) => {
  const { store, send } = await cluster(t);
  const collection = '/api/v1/namespaces/default/configmaps';
  let conflicts = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const made = await send('POST', collection, AS_ADMIN, configMapManifest('doomed', { round: String(round) }));
    const { resourceVersion, uid } = made.json().metadata;
    const responses = await Promise.all(Array.from({ length: WRITERS }, () =>
      send('DELETE', `${collection}/doomed`, AS_ADMIN, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion, uid } })));
    const codes = statuses(responses);
    // A client that reads after the delete is visible finds nothing: 404, as Kubernetes answers; the rest race to the append.
    if (codes.filter((c) => c === 200).length !== 1 || codes.some((c) => c !== 200 && c !== 409 && c !== 404)) t.fail(`round ${round}: ${codes.join(', ')}`);
    conflicts += codes.filter((c) => c === 409).length;
  }
  const deletes = (await store.readStream('configmap-default.doomed')).filter((e) => e.type === 'ConfigMapDeleted');
  t.is(deletes.length, ROUNDS, 'one delete per round');
  t.true(conflicts > 0, 'some deletes raced to the append and were refused there');
  t.log(`${conflicts} of ${ROUNDS * (WRITERS - 1)} losing deletes were refused at the append (409), the others found the object gone (404)`);
});

test('a DELETE whose preconditions name another uid or an older resourceVersion is a 409 and deletes nothing', async (t) => {
  const { store, send } = await cluster(t);
  const made = (await send('POST', '/api/v1/namespaces/default/configmaps', AS_ADMIN, configMapManifest('kept', { a: '1' }))).json();
  await send('PATCH', '/api/v1/namespaces/default/configmaps/kept', MERGE, { data: { a: '2' } });
  const head = await store.headPosition();
  const wrongUid = await send('DELETE', '/api/v1/namespaces/default/configmaps/kept', AS_ADMIN, { preconditions: { uid: 'someone-else' } });
  t.is(wrongUid.status, 409);
  t.regex(wrongUid.json().message, /Precondition failed: UID in precondition: someone-else, UID in object meta: /);
  const stale = await send('DELETE', '/api/v1/namespaces/default/configmaps/kept', AS_ADMIN, { preconditions: { resourceVersion: made.metadata.resourceVersion } });
  t.is(stale.status, 409);
  t.regex(stale.json().message, /Precondition failed: ResourceVersion in precondition: \d+, ResourceVersion in object meta: \d+/);
  t.is(await store.headPosition(), head);
  t.is((await send('GET', '/api/v1/namespaces/default/configmaps/kept', AS_ADMIN)).status, 200);
});

test('concurrent patches without a resourceVersion all succeed, each planned again on what the others wrote', async (t) => {
  const { send } = await cluster(t);
  const path = '/api/v1/namespaces/default/configmaps/shared';
  t.is((await send('POST', '/api/v1/namespaces/default/configmaps', AS_ADMIN, configMapManifest('shared', {}))).status, 201);
  const responses = await Promise.all(Array.from({ length: WRITERS }, (_, writer) => send('PATCH', path, MERGE, { data: { [`w${writer}`]: 'x' } })));
  t.deepEqual(statuses(responses), Array<number>(WRITERS).fill(200), responses.map((r) => r.body).join('\n'));
  t.deepEqual(Object.keys((await send('GET', path, AS_ADMIN)).json().data).sort(), Array.from({ length: WRITERS }, (_, w) => `w${w}`));
  const stale = await send('PATCH', path, MERGE, { metadata: { resourceVersion: '1' }, data: { late: 'x' } });
  t.is(stale.status, 409, 'a patch that names a resourceVersion is conditional on it');
});
