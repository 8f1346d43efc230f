import test from 'ava';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { base64, configMapManifest, secretManifest } from '../support/service-api.js';
import { podMeta, podSpec } from '../support/world.js';
import { ReadModels } from '../../application/projections/read-models.js';
import type { ConfigMapCreated } from '../../domain/configmap/configmap.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { twoNodes as twoNodesWithValues, VALUES } from '../support/two-nodes.js';

/** A cluster with nodes w1 and w2 joined (each with its own credential), a secret and a configmap, and a pod on w1 that uses both. */
async function twoNodes() {
  const api = await apiHarness();
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  const token = (await api.request('POST', '/kes/v1/tokens', { ttlSeconds: 60 })).json().token as string;
  const join = async (name: string) => {
    const joined = await api.request('POST', '/kes/v1/join', { node: nodeManifest(registration(name)) }, { authorization: `Bearer ${token}` });
    return { authorization: `Bearer ${joined.json().credential as string}` };
  };
  const [w1, w2] = [await join('w1'), await join('w2')];
  await api.request('POST', '/api/v1/namespaces/default/secrets', secretManifest('db', { data: { password: base64('s3cret') } }));
  await api.request('POST', '/api/v1/namespaces/default/secrets', secretManifest('unrelated', { data: { key: base64('x') } }));
  await api.request('POST', '/api/v1/namespaces/default/configmaps', configMapManifest('settings', { mode: 'fast' }));
  const env = [
    { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
  ];
  const spec = podSpec(100, { nodeName: 'w1' });
  await api.admin('CreatePod', { meta: podMeta('app'), spec: { ...spec, containers: [{ ...spec.containers[0], env }] } });
  return { api, w1, w2 };
}

test('a node reads the secrets and configmaps its own pods refer to, and no other', async (t) => {
  const { api, w1, w2 } = await twoNodes();
  t.teardown(api.close);
  const secret = await api.request('GET', '/api/v1/namespaces/default/secrets/db', undefined, w1);
  t.is(secret.statusCode, 200);
  t.is(Buffer.from(secret.json().data.password, 'base64').toString(), 's3cret');
  t.is((await api.request('GET', '/api/v1/namespaces/default/configmaps/settings', undefined, w1)).statusCode, 200);

  const unrelated = await api.request('GET', '/api/v1/namespaces/default/secrets/unrelated', undefined, w1);
  t.is(unrelated.statusCode, 403);
  t.regex(unrelated.json().message, /no relationship found between node 'w1' and this object/);
  t.is((await api.request('GET', '/api/v1/namespaces/default/secrets/db', undefined, w2)).statusCode, 403, 'the pod is not bound to w2');
  t.is((await api.request('GET', '/api/v1/namespaces/default/secrets', undefined, w1)).statusCode, 403, 'no listing');
  t.is((await api.request('GET', '/api/v1/secrets?watch=true', undefined, w1)).statusCode, 403, 'no watching');
  t.is((await api.request('GET', '/api/v1/pods', undefined, w2)).statusCode, 200, 'other kinds are readable');
});

test('a node credential cannot change another node or pods bound elsewhere: 403, nothing appended', async (t) => {
  const { api, w1, w2 } = await twoNodes();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const asOther = [
    await api.request('PATCH', '/api/v1/nodes/w1', { metadata: { labels: { owned: 'by-w2' } } }, { ...w2, 'content-type': 'application/merge-patch+json' }),
    await api.request('DELETE', '/api/v1/nodes/w1', undefined, w2),
    await api.request('POST', '/kes/v1/commands', { type: 'ReportPodStatus', data: { namespace: 'default', name: 'app', nodeName: 'w2', phase: 'Running', conditions: [], containerStatuses: [] } }, w2),
    await api.request('POST', '/kes/v1/commands', { type: 'CordonNode', data: { name: 'w1' } }, w1),
    await api.request('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sneaky' }, spec: { containers: [{ name: 'c', image: 'x' }] } }, w1),
  ];
  t.deepEqual(asOther.map((r) => r.statusCode), [403, 403, 403, 403, 403]);
  t.is(await api.clusterHead(), head);
});

test('a node follows the whole event feed, with the data of Secrets and ConfigMaps its pods do not use left out, and it still folds', async (t) => {
  const { api, identities } = await twoNodesWithValues();
  t.teardown(api.close);
  const feed = async (who: string) => (await api.request('GET', '/kes/v1/events?after=0', undefined, { authorization: who })).json().items as RecordedEvent[];
  const [asAdmin, asA, asB] = [await feed(identities.admin), await feed(identities['node-a']), await feed(identities['node-b'])];
  t.deepEqual(asB.map((e) => e.position), asAdmin.map((e) => e.position), 'every event, in order');
  const created = (items: RecordedEvent[], name: string) => items.find((e) => e.type === 'ConfigMapCreated' && (e.data as ConfigMapCreated['data']).meta.name === name)!.data as ConfigMapCreated['data'];
  t.deepEqual(created(asA, 'settings').data, { mode: VALUES.settings }, "node-a's pod uses settings");
  t.deepEqual(created(asA, 'other').data, {});
  t.deepEqual(created(asB, 'settings').data, {});
  t.like(created(asB, 'settings').meta, { name: 'settings', namespace: 'default' });
  const models = new ReadModels();
  for (const event of asB) models.apply(event);
  t.deepEqual(models.configMaps.get('default.settings')?.data, {}, 'the redacted events fold into views without the data');
  t.is(models.pods.get('default.app')?.nodeName, 'node-a');
});
