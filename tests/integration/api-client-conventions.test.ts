import test from 'ava';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { overLoopback } from '../support/loopback-http.js';
import { registration } from '../support/node-fixtures.js';
import { configMapManifest, secretManifest, serviceApi, serviceManifest } from '../support/service-api.js';
import { deploymentManifest, podManifest, replicaSetManifest } from '../support/workload-api.js';

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };

async function cluster() {
  const api = await serviceApi({}, 'shop', 'gone');
  const http = await overLoopback(api.app);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => http.send(method, path, { ...ADMIN, ...headers }, body);
  return { api, send, close: async () => (http.close(), await api.close()) };
}

const OBJECTS = [
  ['/api/v1/namespaces/shop/pods', podManifest('web')],
  ['/apis/apps/v1/namespaces/shop/replicasets', replicaSetManifest('cache')],
  ['/apis/apps/v1/namespaces/shop/deployments', deploymentManifest('api')],
  ['/api/v1/namespaces/shop/services', serviceManifest('front')],
  ['/api/v1/namespaces/shop/configmaps', configMapManifest('settings', { a: '1' })],
  ['/api/v1/namespaces/shop/secrets', secretManifest('db', { stringData: { password: 'x' } })],
] as const;

test('a DELETE with a JSON content type and an empty body (as the JavaScript client sends it) deletes, for every kind', async (t) => {
  const { api, send, close } = await cluster();
  t.teardown(close);
  await api.admin('RegisterNode', registration('w1'));
  for (const [collection, manifest] of OBJECTS) t.is((await send('POST', collection, manifest)).status, 201, collection);

  for (const [collection, manifest] of OBJECTS) {
    const deleted = await send('DELETE', `${collection}/${manifest.metadata.name}`, '', JSON_TYPE);
    t.is(deleted.status, 200, `${collection}: ${deleted.body}`);
  }
  t.is((await send('DELETE', '/api/v1/nodes/w1', '', JSON_TYPE)).status, 200);
  t.is((await send('DELETE', '/api/v1/namespaces/gone', '', JSON_TYPE)).status, 200);
  t.is(api.models.nodes.size, 0);
  t.is(api.models.configMaps.size, 0);
  t.is(api.models.deployments.size, 0);
  t.is(api.models.namespaces.get('gone')?.phase, 'Terminating');

  const head = await api.clusterHead();
  const broken = await send('POST', '/api/v1/namespaces/shop/configmaps', '', JSON_TYPE);
  t.is(broken.status, 400, 'an empty body is still no manifest');
  const notJson = await send('DELETE', '/api/v1/namespaces/shop/pods/web', '{', JSON_TYPE);
  t.is(notJson.status, 400);
  t.is(await api.clusterHead(), head);
});

test('GET …/status answers the object; PUT or PATCH of a status kes keeps is refused naming status, or a no-op when it changes nothing', async (t) => {
  const { api, send, close } = await cluster();
  t.teardown(close);
  await api.admin('RegisterNode', registration('w1'));
  for (const [collection, manifest] of OBJECTS) t.is((await send('POST', collection, manifest)).status, 201);
  const statuses = [
    ['/api/v1/namespaces/shop/pods/web', 'Pod', 'the kubelet of its node reports it'],
    ['/apis/apps/v1/namespaces/shop/replicasets/cache', 'ReplicaSet', 'the replicaset controller reports it'],
    ['/apis/apps/v1/namespaces/shop/deployments/api', 'Deployment', 'the deployment controller reports it'],
    ['/api/v1/namespaces/shop/services/front', 'Service', 'load balancers'],
    ['/api/v1/nodes/w1', 'Node', 'its kubelet'],
    ['/api/v1/namespaces/shop', 'Namespace', 'Terminating'],
  ] as const;
  const head = await api.clusterHead();
  for (const [path, kind, keeper] of statuses) {
    const object = await send('GET', `${path}/status`);
    t.is(object.status, 200, path);
    t.like(object.json(), { kind, metadata: { name: path.split('/').pop() } });
    t.deepEqual(object.json(), (await send('GET', path)).json());

    const unchanged = await send('PUT', `${path}/status`, object.json());
    t.is(unchanged.status, 200, `${path}: writing back what was read changes nothing (${unchanged.body})`);
    const changed = await send('PATCH', `${path}/status`, { status: { phase: 'Exploded', replicas: 99 } }, MERGE);
    t.is(changed.status, 422, path);
    t.like(changed.json(), { reason: 'Invalid', details: { kind, causes: [{ field: 'status' }] } });
    t.true(changed.json().message.includes(keeper), changed.json().message);
    const stale = await send('PATCH', `${path}/status`, { metadata: { resourceVersion: '1' } }, MERGE);
    t.is(stale.status, 409, path);
  }
  t.is(await api.clusterHead(), head, 'nothing appended');
  t.like((await send('GET', '/api/v1/namespaces/shop/pods/nope/status')).json(), { code: 404, details: { name: 'nope', kind: 'pods' } });
  t.is((await send('GET', '/api/v1/namespaces/shop/configmaps/settings/status')).status, 404, 'a ConfigMap has no status');
});
