import test, { type ExecutionContext } from 'ava';
import { apiHarness } from '../support/api-harness.js';
import { deploymentManifest, MERGE, watchLines, type Api, type WatchLine } from '../support/workload-api.js';

/**
 * A write and the record of who owns its fields are one append, and reach watches as kube-apiserver sends a write: one
 * event (ADDED for a create), at one resourceVersion, the position of the append's last event.
 */

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
const KUBECTL = 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd';
const APPLY = { 'content-type': 'application/apply-patch+yaml', 'user-agent': KUBECTL };
type Entry = { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> };

async function shopApi(t: ExecutionContext, recentChanges?: number): Promise<Api & { base: string }> {
  const api = await apiHarness(recentChanges === undefined ? {} : { recentChanges });
  t.teardown(api.close);
  const created = await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  if (created.statusCode !== 201) throw new Error(created.body);
  return { ...api, base: await api.app.listen({ host: '127.0.0.1', port: 0 }) };
}

const names = (lines: readonly WatchLine[]) => lines.map((l) => [l.type, l.object.metadata.name]);
const versions = (lines: readonly WatchLine[]) => lines.map((l) => l.object.metadata.resourceVersion);

/** What a write answered: the object's resourceVersion, and the position of its append's last event. */
async function written(api: Api, response: Awaited<ReturnType<Api['request']>>, stream: string) {
  if (response.statusCode >= 300) throw new Error(response.body);
  const events = await api.store.readStream(stream);
  const last = events.at(-1)!;
  const first = events.find((e) => e.metadata.commandId === last.metadata.commandId)!.position;
  return { name: response.json().metadata.name as string, resourceVersion: response.json().metadata.resourceVersion as string, first, last: last.position };
}

/** kubectl create deployment, kubectl apply --server-side, kubectl label, and a second create: four writes of two events or more each. */
async function writes(api: Api) {
  const stream = (name: string) => `deployment-shop.${name}`;
  const create = await api.request('POST', `${DEPLOYMENTS}?fieldManager=kubectl-create`, deploymentManifest('web', 1), { 'user-agent': KUBECTL });
  const first = await written(api, create, stream('web'));
  // kubectl apply --server-side --force-conflicts: the replicas are kubectl-create's.
  const apply = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=kubectl&force=true`, deploymentManifest('web', 3), APPLY);
  const second = await written(api, apply, stream('web'));
  const label = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=kubectl-label`, { metadata: { labels: { tier: 'front' } } }, { ...MERGE, 'user-agent': KUBECTL });
  const third = await written(api, label, stream('web'));
  const other = await api.request('POST', DEPLOYMENTS, deploymentManifest('other', 1), { 'user-agent': KUBECTL });
  const fourth = await written(api, other, stream('other'));
  return [{ type: 'ADDED', ...first }, { type: 'MODIFIED', ...second }, { type: 'MODIFIED', ...third }, { type: 'ADDED', ...fourth }];
}

for (const [kept, recentChanges] of [['from the kept recent changes', undefined], ['from the log, further back than the kept changes reach', 1]] as const) {
  test(`a kubectl create then an apply reach a raw watch as exactly one ADDED and one MODIFIED, each at its write's resourceVersion (${kept})`, async (t) => {
    const api = await shopApi(t, recentChanges);
    const listed = (await api.request('GET', DEPLOYMENTS)).json().metadata.resourceVersion;
    const done = await writes(api);
    t.true(done.every((w) => Number(w.resourceVersion) === w.last), 'each object answered at its append\'s last position');
    t.true(done.every((w) => w.last > w.first), 'each write appended its own events and the record of its managers');
    const lines = await watchLines(`${api.base}${DEPLOYMENTS}?watch=true&resourceVersion=${listed}`, done.length);
    t.deepEqual(names(lines), done.map((w) => [w.type, w.name]), 'one line per write, the other Deployment\'s last');
    t.deepEqual(versions(lines), done.map((w) => w.resourceVersion));
    const entries = lines[0].object.metadata as unknown as { managedFields: Entry[] };
    t.deepEqual(entries.managedFields.map((e) => [e.manager, e.operation]), [['kubectl-create', 'Update']], 'the ADDED object already names its manager');
  });

  test(`a watch resumed from each resourceVersion of the writes, also from one inside a write's append, gets each later write exactly once (${kept})`, async (t) => {
    const api = await shopApi(t, recentChanges);
    const listed = Number((await api.request('GET', DEPLOYMENTS)).json().metadata.resourceVersion);
    const done = await writes(api);
    for (let from = listed; from < done.at(-1)!.last; from++) {
      const later = done.filter((w) => w.last > from);
      const lines = await watchLines(`${api.base}${DEPLOYMENTS}?watch=true&resourceVersion=${from}`, later.length);
      // From inside a create's append (the object listed there, half written) the create is a MODIFIED.
      const typeFrom = (w: (typeof done)[number]) => (w.type === 'ADDED' && w.first <= from ? 'MODIFIED' : w.type);
      t.deepEqual(names(lines), later.map((w) => [typeFrom(w), w.name]), `from ${from}`);
      t.deepEqual(versions(lines), later.map((w) => w.resourceVersion), `from ${from}`);
    }
  });
}

test('a create that names no field manager records the User-Agent\'s program as its manager, with operation Update', async (t) => {
  const api = await shopApi(t);
  const created = await api.request('POST', DEPLOYMENTS, deploymentManifest('web', 1), { 'user-agent': 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)' });
  t.is(created.statusCode, 201, created.body);
  const entries = (await api.request('GET', `${DEPLOYMENTS}/web`)).json().metadata.managedFields as Entry[];
  t.deepEqual(entries.map((e) => [e.manager, e.operation]), [['node-fetch', 'Update']]);
  t.like(entries[0].fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  const configMap = await api.request('POST', '/api/v1/namespaces/shop/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
    { 'user-agent': 'kubectl-client-side-apply/v1.32.4 (linux/amd64) kubernetes/59526cd' });
  t.deepEqual((configMap.json().metadata.managedFields as Entry[]).map((e) => [e.manager, e.operation, e.fieldsV1]), [['kubectl-client-side-apply', 'Update', { 'f:data': { 'f:a': {} } }]]);
});

test('a Node\'s create and patches record their managers, and reach a node watch as one ADDED and one MODIFIED', async (t) => {
  const api = await shopApi(t);
  const listed = (await api.request('GET', '/api/v1/nodes')).json().metadata.resourceVersion;
  const node = {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-1', labels: { zone: 'a' } },
    status: {
      capacity: { cpu: '2', memory: '4Gi', pods: '110' }, addresses: [{ type: 'InternalIP', address: '10.0.0.9' }],
      nodeInfo: { osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'kes://1', kubeletVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
  const created = await api.request('POST', '/api/v1/nodes?fieldManager=kubectl-create', node, { 'user-agent': KUBECTL });
  t.is(created.statusCode, 201, created.body);
  t.deepEqual((created.json().metadata.managedFields as Entry[]).map((e) => [e.manager, e.operation]), [['kubectl-create', 'Update']]);
  const labelled = await api.request('PATCH', '/api/v1/nodes/edge-1', { metadata: { labels: { disk: 'ssd' } } }, { ...MERGE, 'user-agent': 'kubectl-label/v1.32.4 (linux/amd64) kubernetes/59526cd' });
  t.is(labelled.statusCode, 200, labelled.body);
  const entries = labelled.json().metadata.managedFields as Entry[];
  t.like(entries.find((e) => e.manager === 'kubectl-label'), { operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:disk': {} } } } });
  const lines = await watchLines(`${api.base}/api/v1/nodes?watch=true&resourceVersion=${listed}`, 2);
  t.deepEqual(names(lines), [['ADDED', 'edge-1'], ['MODIFIED', 'edge-1']]);
  t.deepEqual(versions(lines), [created.json().metadata.resourceVersion, labelled.json().metadata.resourceVersion]);
  const cordoned = await api.request('PATCH', '/api/v1/nodes/edge-1?fieldManager=kubectl-cordon', { spec: { unschedulable: true } }, { 'content-type': 'application/strategic-merge-patch+json' });
  t.like((cordoned.json().metadata.managedFields as Entry[]).find((e) => e.manager === 'kubectl-cordon'), { fieldsV1: { 'f:spec': { 'f:unschedulable': {} } } });
});
