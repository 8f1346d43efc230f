import test from 'ava';
import { base64, secretManifest, serviceApi } from '../support/service-api.js';
import { deploymentManifest, MERGE, workloadApi } from '../support/workload-api.js';
import { STREAMED_KINDS } from '../../application/queries/streamed-kinds.js';

/** `GET /kes/v1/changes/…`: what changed between two points of the log (in process, no reconcilers). */

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
type Change = { kind: string; namespace?: string; name: string; change: string; fields: string[]; actors: string[] };

test('a Deployment created, scaled and deleted shows as added, changed (spec.replicas, by whom) and removed between the right points', async (t) => {
  const api = await workloadApi('shop', 'other');
  t.teardown(api.close);
  const beforeCreate = api.models.position;
  t.is((await api.request('POST', DEPLOYMENTS, deploymentManifest('web', 2))).statusCode, 201);
  t.is((await api.request('POST', '/apis/apps/v1/namespaces/other/deployments', deploymentManifest('api', 1))).statusCode, 201);
  const created = api.models.position;
  t.is((await api.request('PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: 4 } }, MERGE)).statusCode, 200);
  const scaled = api.models.position;
  t.is((await api.request('DELETE', `${DEPLOYMENTS}/web`)).statusCode, 200);
  const changes = async (path: string) => {
    const answer = await api.request('GET', path);
    t.is(answer.statusCode, 200, answer.body);
    return answer.json() as { from: number; to: number; items: Change[] };
  };

  const added = await changes(`/kes/v1/changes/namespaces/shop/deployments?from=${beforeCreate}&to=${created}`);
  t.deepEqual(added.items, [{ kind: 'Deployment', namespace: 'shop', name: 'web', change: 'added', fields: [], actors: ['kubernetes-admin'] }]);
  t.deepEqual([added.from, added.to], [beforeCreate, created]);
  t.deepEqual((await changes(`/kes/v1/changes/deploy?from=${beforeCreate}&to=${created}`)).items.map((c) => `${c.namespace}/${c.name} ${c.change}`), ['other/api added', 'shop/web added']);

  const changed = await changes(`/kes/v1/changes/namespaces/shop/deployments?from=${created}&to=${scaled}`);
  t.is(changed.items.length, 1);
  t.like(changed.items[0], { name: 'web', change: 'changed', actors: ['kubernetes-admin'] });
  t.true(changed.items[0].fields.includes('spec.replicas'), changed.items[0].fields.join(', '));
  t.false(changed.items[0].fields.includes('metadata.resourceVersion'));

  const toHead = await changes(`/kes/v1/changes/namespaces/shop/deployments?from=${scaled}`);
  t.deepEqual(toHead.items.map((c) => c.change), ['removed']);
  t.is(toHead.to, await api.store.headPosition());
  t.deepEqual((await changes(`/kes/v1/changes/namespaces/shop/deployments?from=${beforeCreate}`)).items, [], 'created and deleted in between: neither added nor removed');
});

test('points given as RFC3339 times are the positions of the last events at or before them', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const start = (await api.store.readAll(0, 1))[0].metadata.at;
  const before = new Date(Date.parse(start) - 60_000).toISOString();
  t.is((await api.request('POST', DEPLOYMENTS, deploymentManifest('web', 1))).statusCode, 201);
  const later = new Date(Date.now() + 60_000).toISOString();
  const answer = (await api.request('GET', `/kes/v1/changes/namespaces/shop/deployments?from=${encodeURIComponent(before)}&to=${encodeURIComponent(later)}`)).json();
  t.deepEqual([answer.from, answer.to], [0, await api.store.headPosition()]);
  t.deepEqual(answer.items.map((c: Change) => `${c.name} ${c.change}`), ['web added']);
});

test('a Secret whose value changed names the data key, never a value or its ciphertext', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const PASSWORD = 'first-password-1234';
  const NEXT = 'second-password-5678';
  t.is((await api.request('POST', '/api/v1/namespaces/shop/secrets', secretManifest('db', { stringData: { password: PASSWORD, user: 'admin' } }))).statusCode, 201);
  const created = api.models.position;
  t.is((await api.request('PUT', '/api/v1/namespaces/shop/secrets/db', secretManifest('db', { stringData: { password: NEXT, user: 'admin' } }))).statusCode, 200);
  const answer = await api.request('GET', `/kes/v1/changes/namespaces/shop/secrets?from=${created}`);
  t.deepEqual(answer.json().items, [{ kind: 'Secret', namespace: 'shop', name: 'db', change: 'changed', fields: ['data.password'], actors: ['kubernetes-admin'] }]);
  const ciphertext = Object.values(api.models.secrets.get('shop.db')!.encryptedData);
  for (const secret of [PASSWORD, NEXT, base64(PASSWORD), base64(NEXT), ...ciphertext]) t.false(answer.body.includes(secret));
});

test('bad points and unknown resources are refused naming the parameter, as kes routes refuse', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const head = await api.store.headPosition();
  const refusal = async (path: string) => {
    const answer = await api.request('GET', path);
    return `${answer.statusCode} ${answer.json().message}`;
  };
  t.regex(await refusal('/kes/v1/changes/pods'), /^400 from is required/);
  t.regex(await refusal('/kes/v1/changes/pods?from=yesterday'), /^400 from: "yesterday" is neither a log position .* nor an RFC3339 time/);
  t.regex(await refusal('/kes/v1/changes/pods?from=1&to=2026-13-45T99:00:00Z'), /^400 to: "2026-13-45T99:00:00Z" is neither/);
  // The refusals before this one are in the audit by now: the log's end has moved on from `head`.
  t.regex(await refusal(`/kes/v1/changes/pods?from=1&to=${head + 1000}`), new RegExp(`^400 to: position ${head + 1000} is past the end of the log \\(its last position is \\d+\\)`));
  t.regex(await refusal('/kes/v1/changes/pods?from=2&to=1'), /^400 to \(1, position 1\) is before from \(2, position 2\)/);
  t.regex(await refusal('/kes/v1/changes/widgets?from=1'), /^404 the server doesn't have a resource type "widgets"/);
  t.regex(await refusal('/kes/v1/changes/namespaces/shop/nodes?from=1'), /^404 nodes are cluster-scoped: ask \/kes\/v1\/changes\/nodes/);
});

test('every kind kes keeps can be compared, cluster-wide and (for namespaced kinds) in a namespace', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  t.is((await api.request('POST', DEPLOYMENTS, deploymentManifest('web', 1))).statusCode, 201);
  for (const kind of STREAMED_KINDS) {
    const answer = await api.request('GET', `/kes/v1/changes/${kind.resource}?from=0`);
    t.is(answer.statusCode, 200, `${kind.resource}: ${answer.body}`);
    if (kind.clusterScoped) continue;
    const namespaced = await api.request('GET', `/kes/v1/changes/namespaces/shop/${kind.names.at(-1)}?from=0`);
    t.is(namespaced.statusCode, 200, `${kind.resource} in shop: ${namespaced.body}`);
  }
  const namespaces = (await api.request('GET', '/kes/v1/changes/ns?from=0')).json().items.map((c: Change) => `${c.name} ${c.change}`);
  t.deepEqual(namespaces, ['shop added']);
});
