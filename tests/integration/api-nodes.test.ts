import test from 'ava';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

async function withNode() {
  const api = await apiHarness();
  await api.admin('RegisterNode', registration('w1'));
  return api;
}

test('nodes are listed as a NodeList and as a kubectl Table, with the store position as resourceVersion', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const list = (await api.request('GET', '/api/v1/nodes')).json();
  t.is(list.kind, 'NodeList');
  t.is(list.metadata.resourceVersion, String(await api.store.headPosition()));
  t.is(list.items[0].metadata.name, 'w1');
  t.is(list.items[0].status.conditions[0].status, 'True');
  const table = (await api.request('GET', '/api/v1/nodes', undefined, { accept: TABLE })).json();
  t.is(table.kind, 'Table');
  t.deepEqual(table.rows[0].cells.slice(0, 3), ['w1', 'Ready', '<none>']);
});

test('a missing or wrong bearer token gets 401 and nothing is appended', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const missing = await api.request('DELETE', '/api/v1/nodes/w1', undefined, { authorization: '' });
  t.is(missing.statusCode, 401);
  t.like(missing.json(), { kind: 'Status', reason: 'Unauthorized' });
  const wrong = await api.request('DELETE', '/api/v1/nodes/w1', undefined, { authorization: 'Bearer nope' });
  t.is(wrong.statusCode, 401);
  t.is(await api.clusterHead(), head);
  t.is((await api.request('GET', '/version', undefined, { authorization: '' })).statusCode, 200);
});

test('an unknown node is a 404 Status naming it', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const response = await api.request('GET', '/api/v1/nodes/ghost');
  t.is(response.statusCode, 404);
  t.like(response.json(), { kind: 'Status', reason: 'NotFound', message: 'nodes "ghost" not found' });
  t.is((await api.request('DELETE', '/api/v1/nodes/ghost')).statusCode, 404);
});

test('invalid labels and taints get 422 naming each field, and append nothing', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const badLabel = await api.request('PATCH', '/api/v1/nodes/w1', { metadata: { labels: { 'bad key': 'x', ok: 'fine' } } }, { 'content-type': 'application/merge-patch+json' });
  t.is(badLabel.statusCode, 422);
  t.like(badLabel.json(), { reason: 'Invalid' });
  t.regex(badLabel.json().message, /Node "w1" is invalid: metadata.labels\[bad key\]/);
  const badTaint = await api.request('PATCH', '/api/v1/nodes/w1', { spec: { taints: [{ key: 'gpu', effect: 'Never' }], unschedulable: true } }, { 'content-type': 'application/strategic-merge-patch+json' });
  t.is(badTaint.statusCode, 422);
  t.regex(badTaint.json().details.causes[0].field, /spec.taints\[0\].effect/);
  const unsupported = await api.request('PATCH', '/api/v1/nodes/w1', { status: { capacity: { cpu: '64' } } }, { 'content-type': 'application/merge-patch+json' });
  t.is(unsupported.statusCode, 422);
  t.regex(unsupported.json().message, /status: kes cannot change this field/);
  t.is(await api.clusterHead(), head, 'no event appended, not even the valid part of a patch');
});

test('malformed JSON gets a 400 Status and appends nothing', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const response = await api.request('PATCH', '/api/v1/nodes/w1', '{"spec": {"unschedulable": tru', { 'content-type': 'application/merge-patch+json' });
  t.is(response.statusCode, 400);
  t.like(response.json(), { kind: 'Status', reason: 'BadRequest' });
  t.is(await api.clusterHead(), head);
});

test('label, taint, cordon and uncordon patches become their intention-revealing events', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const merge = { 'content-type': 'application/merge-patch+json' };
  const strategic = { 'content-type': 'application/strategic-merge-patch+json' };
  t.is((await api.request('PATCH', '/api/v1/nodes/w1', { metadata: { labels: { disk: 'ssd' } } }, merge)).statusCode, 200);
  await api.request('PATCH', '/api/v1/nodes/w1', { spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } }, strategic);
  const cordoned = (await api.request('PATCH', '/api/v1/nodes/w1', { spec: { unschedulable: true } }, strategic)).json();
  t.true(cordoned.spec.unschedulable);
  t.is(cordoned.metadata.labels.disk, 'ssd');
  await api.request('PATCH', '/api/v1/nodes/w1', { spec: { unschedulable: null } }, strategic);
  const types = (await api.store.readStream('node-w1')).map((e) => e.type);
  // Each patch that gives its writer fields records them (ManagedFieldsChanged, in the same append).
  t.deepEqual(types, ['NodeRegistered', 'NodeLabelsChanged', 'ManagedFieldsChanged', 'NodeTaintsChanged', 'ManagedFieldsChanged', 'NodeCordoned', 'ManagedFieldsChanged', 'NodeUncordoned']);
});

test('a join with a bootstrap token issues a node credential that may change only its own node', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  const created = (await api.request('POST', '/kes/v1/tokens', { ttlSeconds: 60 })).json();
  t.regex(created.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  const join = await api.request('POST', '/kes/v1/join', { node: nodeManifest(registration('w2')) }, { authorization: `Bearer ${created.token}` });
  t.is(join.statusCode, 200);
  const { credential } = join.json();
  const asNode = { authorization: `Bearer ${credential}` };
  const head = await api.clusterHead();
  const other = await api.request('POST', '/kes/v1/commands', { type: 'ReportNodeReadiness', data: { name: 'w1', status: 'False', reason: 'x', message: 'x' } }, asNode);
  t.is(other.statusCode, 403);
  t.is((await api.request('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/w1', {}, asNode)).statusCode, 403);
  t.is(await api.clusterHead(), head);
  t.is((await api.request('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/w2', {}, asNode)).statusCode, 200);
  t.truthy(api.heartbeats.lastBeat('w2'));
  const badToken = await api.request('POST', '/kes/v1/join', { node: nodeManifest(registration('w3')) }, { authorization: 'Bearer abcdef.0123456789abcdef' });
  t.is(badToken.statusCode, 401);
  t.false(api.models.nodes.has('w3'));
  const tokenElsewhere = await api.request('GET', '/api/v1/nodes', undefined, { authorization: `Bearer ${created.token}` });
  t.is(tokenElsewhere.statusCode, 403);
});

test('history and describe events come from the node stream, with actors', async (t) => {
  const api = await withNode();
  t.teardown(api.close);
  await api.admin('CordonNode', { name: 'w1' });
  const history = (await api.request('GET', '/kes/v1/history/node/w1')).json();
  t.deepEqual(history.items.map((i: { type: string }) => i.type), ['NodeRegistered', 'NodeCordoned']);
  t.is(history.items[1].actor, 'kubernetes-admin');
  const events = (await api.request('GET', '/api/v1/events?fieldSelector=involvedObject.kind=Node,involvedObject.name=w1')).json();
  t.deepEqual(events.items.map((e: { reason: string }) => e.reason), ['NodeRegistered', 'NodeCordoned']);
});

test('a pod’s events come from its stream: why it is Pending shows as FailedScheduling, as kubectl describe expects', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const container = { name: 'app', image: 'app:1', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 1024 } }, volumeMounts: [] };
  const spec = { containers: [container], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 };
  await api.admin('CreatePod', { meta: { name: 'big', namespace: 'default', uid: 'u-big', labels: {}, annotations: {}, ownerReferences: [] }, spec });
  const reason = '0/1 nodes are available: 1 Insufficient cpu.';
  await api.admin('MarkPodUnschedulable', { namespace: 'default', name: 'big', reason: 'Unschedulable', message: reason });
  const events = (await api.request('GET', '/api/v1/events?fieldSelector=involvedObject.kind=Pod,involvedObject.name=big,involvedObject.namespace=default')).json();
  t.deepEqual(events.items.map((e: { reason: string }) => e.reason), ['PodCreated', 'FailedScheduling']);
  t.like(events.items[1], { type: 'Warning', message: reason, involvedObject: { kind: 'Pod', name: 'big', namespace: 'default' } });
});
