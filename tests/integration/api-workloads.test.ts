import test from 'ava';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { MERGE, podManifest, STRATEGIC, TABLE, watchLines, workloadApi } from '../support/workload-api.js';
import { deploymentData, replicaSetData, template } from '../support/workload-fixtures.js';

/** Namespaces and pods over the Kubernetes REST API (in process, no reconcilers). */

const PODS = '/api/v1/namespaces/shop/pods';

test('namespaces are created, listed (List and Table), read, and marked Terminating by DELETE', async (t) => {
  const api = await workloadApi();
  t.teardown(api.close);
  const created = await api.request('POST', '/api/v1/namespaces?fieldValidation=Strict', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  t.is(created.statusCode, 201);
  t.like(created.json(), { kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }, status: { phase: 'Active' } });
  const list = (await api.request('GET', '/api/v1/namespaces')).json();
  t.is(list.kind, 'NamespaceList');
  t.is(list.metadata.resourceVersion, String(await api.store.headPosition()));
  t.deepEqual(list.items.map((n: { metadata: { name: string } }) => n.metadata.name), ['shop']);
  const table = (await api.request('GET', '/api/v1/namespaces', undefined, { accept: TABLE })).json();
  t.deepEqual(table.rows[0].cells.slice(0, 2), ['shop', 'Active']);
  const again = await api.request('POST', '/api/v1/namespaces', { metadata: { name: 'shop' } });
  t.is(again.statusCode, 409);
  t.like(again.json(), { reason: 'AlreadyExists', message: 'namespaces "shop" already exists' });
  const deleted = await api.request('DELETE', '/api/v1/namespaces/shop', { propagationPolicy: 'Background' });
  t.is(deleted.statusCode, 200);
  t.like(deleted.json(), { kind: 'Namespace', status: { phase: 'Terminating' } });
  t.truthy(deleted.json().metadata.deletionTimestamp);
  t.like((await api.request('GET', '/api/v1/namespaces/nope')).json(), { code: 404, message: 'namespaces "nope" not found' });
});

test('kubectl create namespace sends Kubernetes protobuf: read for a Namespace', async (t) => {
  const api = await workloadApi();
  t.teardown(api.close);
  // The body kubectl 1.32 sent for `kubectl create namespace shop2` (-v=9).
  const body = Buffer.from('6b3873000a0f0a02763112094e616d657370616365121d0a150a0573686f703212001a0022002a00320038004200120' +
    '01a020a001a002200', 'hex');
  const created = await api.app.inject({
    method: 'POST', url: '/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict', payload: body,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/vnd.kubernetes.protobuf' },
  });
  t.is(created.statusCode, 201, created.body);
  t.like(created.json(), { kind: 'Namespace', metadata: { name: 'shop2' }, status: { phase: 'Active' } });
});

test('a pod is created with a server-made uid, listed in its namespace and across all, and read as object or Table', async (t) => {
  const api = await workloadApi('shop', 'other');
  t.teardown(api.close);
  const created = await api.request('POST', `${PODS}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, podManifest('web-1'));
  t.is(created.statusCode, 201, created.body);
  const pod = created.json();
  t.like(pod, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-1', namespace: 'shop' }, status: { phase: 'Pending' } });
  t.regex(pod.metadata.uid, /^[0-9a-f-]{36}$/);
  await api.request('POST', '/api/v1/namespaces/other/pods', podManifest('db-1', { labels: { app: 'db' } }));

  const inShop = (await api.request('GET', `${PODS}?limit=500`)).json();
  t.is(inShop.kind, 'PodList');
  t.deepEqual(inShop.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['web-1']);
  const all = (await api.request('GET', '/api/v1/pods')).json();
  t.deepEqual(all.items.map((p: { metadata: { namespace: string } }) => p.metadata.namespace), ['other', 'shop']);
  const table = (await api.request('GET', '/api/v1/pods', undefined, { accept: TABLE })).json();
  t.is(table.kind, 'Table');
  t.deepEqual(table.rows[1].cells.slice(0, 3), ['web-1', '0/1', 'Pending']);
  t.is(table.rows[1].object.metadata.namespace, 'shop');
  t.is((await api.request('GET', `${PODS}/web-1`)).json().metadata.uid, pod.metadata.uid);
  const missing = await api.request('GET', `${PODS}/nope`);
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
});

test('refused creations append nothing: unknown field, invalid field, wrong namespace, missing or Terminating namespace', async (t) => {
  const api = await workloadApi('shop', 'closing');
  t.teardown(api.close);
  await api.request('DELETE', '/api/v1/namespaces/closing', {});
  const head = await api.clusterHead();

  const bogus = podManifest('web-1', { spec: { containers: [{ name: 'web', image: 'nginx', bogus: true }], replicass: 2 } });
  const strict = await api.request('POST', `${PODS}?fieldValidation=Strict`, bogus);
  t.is(strict.statusCode, 400);
  t.is(strict.json().reason, 'BadRequest');
  t.is(strict.json().message, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].bogus", unknown field "spec.replicass"');

  const invalid = await api.request('POST', PODS, podManifest('Web_1', { labels: { 'bad key': 'x' } }));
  t.is(invalid.statusCode, 422);
  t.like(invalid.json(), { reason: 'Invalid', details: { name: 'Web_1', kind: 'Pod' } });
  t.regex(invalid.json().message, /^Pod "Web_1" is invalid: metadata\.name: /);
  t.deepEqual(invalid.json().details.causes.map((c: { field: string }) => c.field), ['metadata.name', 'metadata.labels[bad key]']);
  const noImage = await api.request('POST', PODS, podManifest('web-1', { spec: { containers: [{ name: 'web' }] } }));
  t.is(noImage.json().details.causes[0].field, 'spec.containers[0].image');

  const elsewhere = await api.request('POST', PODS, podManifest('web-1', { namespace: 'other' }));
  t.is(elsewhere.statusCode, 400);
  t.is(elsewhere.json().message, 'the namespace of the provided object does not match the namespace sent on the request');

  const missing = await api.request('POST', '/api/v1/namespaces/nope/pods', podManifest('web-1'));
  t.is(missing.statusCode, 404);
  t.is(missing.json().message, 'namespaces "nope" not found');

  const terminating = await api.request('POST', '/api/v1/namespaces/closing/pods', podManifest('web-1'));
  t.is(terminating.statusCode, 403);
  t.is(terminating.json().message, 'pods "web-1" is forbidden: unable to create new content in namespace closing because it is being terminated');

  const badValidation = await api.request('POST', `${PODS}?fieldValidation=Loose`, podManifest('web-1'));
  t.is(badValidation.statusCode, 400);
  t.is(await api.clusterHead(), head, 'nothing appended');
});

test('fieldValidation=Warn accepts unknown fields with Warning headers; Ignore drops them silently', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const withExtra = (name: string) => ({ ...podManifest(name), spec: { containers: [{ name: 'web', image: 'nginx', bogus: 1 }] } });
  const warned = await api.request('POST', `${PODS}?fieldValidation=Warn`, withExtra('warned'));
  t.is(warned.statusCode, 201);
  t.deepEqual([warned.headers.warning].flat(), ['299 - "unknown field \\"spec.containers[0].bogus\\""']);
  const ignored = await api.request('POST', `${PODS}?fieldValidation=Ignore`, withExtra('ignored'));
  t.is(ignored.statusCode, 201);
  t.is(ignored.headers.warning, undefined);
  t.false('bogus' in ignored.json().spec.containers[0]);
});

test('field selectors as kubectl describe node and drain send them, label selectors, and the bound node as hostIP', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  await api.admin('RegisterNode', registration('w1'));
  for (const name of ['a', 'b', 'c']) await api.request('POST', PODS, podManifest(name, { labels: { app: name === 'c' ? 'db' : 'web' } }));
  await api.admin('BindPod', { namespace: 'shop', name: 'a', nodeName: 'w1' });
  await api.admin('BindPod', { namespace: 'shop', name: 'b', nodeName: 'w1' });
  await api.admin('ReportPodStatus', { namespace: 'shop', name: 'b', nodeName: 'w1', phase: 'Succeeded', conditions: [], containerStatuses: [] });
  const names = async (query: string) =>
    (await api.request('GET', `/api/v1/pods?${query}`)).json().items.map((p: { metadata: { name: string } }) => p.metadata.name);

  t.deepEqual(await names('fieldSelector=spec.nodeName%3Dw1'), ['a', 'b']);
  t.deepEqual(await names('fieldSelector=spec.nodeName%3Dw1,status.phase!%3DFailed,status.phase!%3DSucceeded'), ['a']);
  t.deepEqual(await names('fieldSelector=spec.nodeName%3D'), ['c'], 'unbound pods have an empty spec.nodeName');
  t.deepEqual(await names('fieldSelector=metadata.name%3Db,metadata.namespace%3Dshop'), ['b']);
  t.deepEqual(await names('labelSelector=app%3Dweb'), ['a', 'b']);
  t.deepEqual(await names('labelSelector=app%20notin%20(web)'), ['c']);
  const unsupported = await api.request('GET', '/api/v1/pods?fieldSelector=spec.hostname%3Dx');
  t.is(unsupported.statusCode, 400);
  t.regex(unsupported.json().message, /field label not supported for Pod: "spec.hostname"/);
  const a = (await api.request('GET', `${PODS}/a`)).json();
  t.is(a.spec.nodeName, 'w1');
  t.is(a.status.hostIP, '10.0.0.1');
});

test('DELETE takes gracePeriodSeconds from the body or the query; an unbound pod goes at once', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  for (const name of ['unbound', 'graceful', 'forced']) await api.request('POST', PODS, podManifest(name));
  for (const name of ['graceful', 'forced']) await api.admin('BindPod', { namespace: 'shop', name, nodeName: 'w1' });

  t.is((await api.request('DELETE', `${PODS}/unbound`, { propagationPolicy: 'Background' })).statusCode, 200);
  t.is((await api.request('GET', `${PODS}/unbound`)).statusCode, 404);

  const graceful = (await api.request('DELETE', `${PODS}/graceful`, { gracePeriodSeconds: 5 })).json();
  t.is(graceful.metadata.deletionGracePeriodSeconds, 5);
  t.truthy(graceful.metadata.deletionTimestamp);
  const table = (await api.request('GET', `${PODS}/graceful`, undefined, { accept: TABLE })).json();
  t.is(table.rows[0].cells[2], 'Terminating');

  t.is((await api.request('DELETE', `${PODS}/forced?gracePeriodSeconds=0`)).statusCode, 200);
  t.is((await api.request('GET', `${PODS}/forced`)).statusCode, 404);
  t.is((await api.request('DELETE', `${PODS}/forced`)).json().message, 'pods "forced" not found');
  t.is((await api.request('DELETE', `${PODS}/graceful?gracePeriodSeconds=-1`)).statusCode, 400);
});

test('an Eviction (policy/v1) becomes EvictPod; a missing pod is 404', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  await api.request('POST', PODS, podManifest('web-1'));
  await api.admin('BindPod', { namespace: 'shop', name: 'web-1', nodeName: 'w1' });
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' }, deleteOptions: {} };
  const evicted = await api.request('POST', `${PODS}/web-1/eviction`, eviction);
  t.is(evicted.statusCode, 201);
  t.like(evicted.json(), { kind: 'Status', status: 'Success' });
  const types = (await api.store.readStream('pod-shop.web-1')).map((e) => e.type);
  t.deepEqual(types, ['PodCreated', 'ManagedFieldsChanged', 'PodScheduled', 'PodEvicted']);
  const missing = await api.request('POST', `${PODS}/ghost/eviction`, { ...eviction, metadata: { name: 'ghost' } });
  t.is(missing.statusCode, 404);
  const mismatched = await api.request('POST', `${PODS}/web-1/eviction`, { ...eviction, metadata: { name: 'other' } });
  t.is(mismatched.statusCode, 400);
});

test("an Eviction's deleteOptions.gracePeriodSeconds is the pod's grace period: 0 deletes it at once; a negative one is a 400 and appends nothing", async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  await api.request('POST', PODS, podManifest('web-1'));
  await api.admin('BindPod', { namespace: 'shop', name: 'web-1', nodeName: 'w1' });
  const eviction = (gracePeriodSeconds: number) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' }, deleteOptions: { gracePeriodSeconds } });
  const head = await api.clusterHead();
  const refused = await api.request('POST', `${PODS}/web-1/eviction`, eviction(-1));
  t.is(refused.statusCode, 400);
  t.regex(refused.json().message, /deleteOptions\.gracePeriodSeconds must be a whole number of seconds, 0 or more \(got -1\)/);
  t.is(await api.clusterHead(), head);
  t.is((await api.request('POST', `${PODS}/web-1/eviction`, eviction(0))).statusCode, 201);
  const events = await api.store.readStream('pod-shop.web-1');
  t.deepEqual(events.map((e) => e.type), ['PodCreated', 'ManagedFieldsChanged', 'PodScheduled', 'PodEvicted', 'PodDeleted']);
  t.like(events[3]!.data, { gracePeriodSeconds: 0 });
  t.is((await api.request('GET', `${PODS}/web-1`)).statusCode, 404);
});

test('a pod spec cannot change once it exists: a spec patch is a 422; an unchanged apply is a no-op; labels and annotations change', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  await api.request('POST', PODS, podManifest('web-1'));
  const head = await api.clusterHead();
  const image = await api.request('PATCH', `${PODS}/web-1`, { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } }, STRATEGIC);
  t.is(image.statusCode, 422);
  t.like(image.json(), { reason: 'Invalid', details: { kind: 'Pod', causes: [{ field: 'spec' }] } });
  t.is(await api.clusterHead(), head, 'the refused spec appended nothing');
  const unchanged = await api.request('PATCH', `${PODS}/web-1`, { metadata: { labels: podManifest('web-1').metadata.labels } }, MERGE);
  t.is(unchanged.statusCode, 200);
  t.is(await api.clusterHead(), head, 'an unchanged apply appended nothing');

  const badLabel = await api.request('PATCH', `${PODS}/web-1`, { metadata: { labels: { tier: 'not valid!' } } }, MERGE);
  t.is(badLabel.statusCode, 422);
  t.regex(badLabel.json().message, /metadata\.labels/);
  t.is(await api.clusterHead(), head);

  const relabelled = await api.request('PATCH', `${PODS}/web-1`, { metadata: { labels: { app: 'other', tier: 'front' }, annotations: { 'example.com/note': 'hi' } } }, MERGE);
  t.is(relabelled.statusCode, 200);
  t.like(relabelled.json().metadata, { labels: { app: 'other', tier: 'front' }, annotations: { 'example.com/note': 'hi' } });
  // The write's own events, then its writer taking the fields it changed (recorded for every write, as kube-apiserver does).
  const events = (await api.store.readStream('pod-shop.web-1')).slice(-3);
  t.deepEqual(events.slice(0, 2).map((e) => [e.type, e.data]), [
    ['LabelsChanged', { namespace: 'shop', name: 'web-1', set: { app: 'other', tier: 'front' }, removed: [] }],
    ['AnnotationsChanged', { namespace: 'shop', name: 'web-1', set: { 'example.com/note': 'hi' }, removed: [] }],
  ]);
  t.is(events[2]!.type, 'ManagedFieldsChanged');
  const namespace = await api.request('PATCH', '/api/v1/namespaces/shop', { metadata: { labels: { team: 'a' }, annotations: { note: 'x' } } }, MERGE);
  t.like(namespace.json().metadata, { labels: { team: 'a', 'kubernetes.io/metadata.name': 'shop' }, annotations: { note: 'x' } });
  const renamed = await api.request('PATCH', '/api/v1/namespaces/shop', { metadata: { labels: { 'kubernetes.io/metadata.name': 'other' } } }, MERGE);
  t.is(renamed.statusCode, 422);
  t.regex(renamed.json().message, /metadata\.labels\[kubernetes\.io\/metadata\.name\]: Invalid value/);
});

test('a pod watch resumes from a list resourceVersion, filtered by namespace, as objects or one-row Tables', async (t) => {
  const api = await workloadApi('shop', 'other');
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  await api.request('POST', PODS, podManifest('before'));
  const listed = (await api.request('GET', PODS)).json().metadata.resourceVersion;
  const watching = watchLines(`${base}${PODS}?watch=true&resourceVersion=${listed}`, 3);
  setTimeout(async () => {
    await api.request('POST', '/api/v1/namespaces/other/pods', podManifest('elsewhere'));
    await api.request('POST', PODS, podManifest('after'));
    await api.admin('BindPod', { namespace: 'shop', name: 'after', nodeName: 'w1' });
    await api.request('DELETE', `${PODS}/before`, {});
  }, 200);
  const lines = await watching;
  t.deepEqual(lines.map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'after'], ['MODIFIED', 'after'], ['DELETED', 'before']]);
  t.true(Number(lines[2].object.metadata.resourceVersion) > Number(lines[1].object.metadata.resourceVersion), 'DELETED carries the deletion position');

  const tables = await watchLines(`${base}/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dw1`, 1, { accept: TABLE });
  t.is(tables[0].type, 'ADDED');
  t.is(tables[0].object.kind, 'Table');
});

test('delete with propagationPolicy Orphan (kubectl --cascade=orphan) keeps the dependents without their owner; an unknown policy is a 400', async (t) => {
  const api = await workloadApi();
  t.teardown(api.close);
  const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }];
  const meta = (name: string, ownerReferences: object[]) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, annotations: {}, ownerReferences });
  await api.admin('CreateDeployment', deploymentData('web', 2));
  await api.admin('CreateReplicaSet', { ...replicaSetData('web-rs', 2), meta: meta('web-rs', owner('Deployment', 'web')) });
  for (const name of ['web-rs-a', 'web-rs-b']) await api.admin('CreatePod', { meta: meta(name, owner('ReplicaSet', 'web-rs')), spec: template().spec });
  const APPS_NS = '/apis/apps/v1/namespaces/default';
  const ownersOf = async (path: string) => (await api.request('GET', path)).json().metadata.ownerReferences ?? [];

  const head = await api.clusterHead();
  const refused = await api.request('DELETE', `${APPS_NS}/deployments/web`, { propagationPolicy: 'Sideways' });
  t.is(refused.statusCode, 400);
  t.regex(refused.json().message, /propagationPolicy must be one of Orphan, Background, Foreground \(got "Sideways"\)/);
  t.is(await api.clusterHead(), head, 'nothing appended');

  t.is((await api.request('DELETE', `${APPS_NS}/deployments/web?propagationPolicy=Orphan`)).statusCode, 200);
  t.is((await api.request('GET', `${APPS_NS}/deployments/web`)).statusCode, 404);
  t.deepEqual(await ownersOf(`${APPS_NS}/replicasets/web-rs`), [], 'the ReplicaSet stays, without its owner');

  t.is((await api.request('DELETE', `${APPS_NS}/replicasets/web-rs`, { propagationPolicy: 'Orphan' })).statusCode, 200);
  t.is((await api.request('GET', `${APPS_NS}/replicasets/web-rs`)).statusCode, 404);
  for (const name of ['web-rs-a', 'web-rs-b']) t.deepEqual(await ownersOf(`/api/v1/namespaces/default/pods/${name}`), [], `${name} stays, without its owner`);
  const types = (await api.store.readStream('replicaset-default.web-rs')).map((e) => e.type);
  t.deepEqual(types, ['ReplicaSetCreated', 'ReplicaSetOrphaned', 'ReplicaSetDeleted']);
});
