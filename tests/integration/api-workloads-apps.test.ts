import test from 'ava';
import {
  deploymentManifest, LAST_APPLIED, MERGE, replicaSetManifest, STRATEGIC, TABLE, watchLines, workloadApi, type Api,
} from '../support/workload-api.js';

/** Deployments and ReplicaSets over apps/v1, with their scale subresource (in process, no reconcilers). */

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
const REPLICASETS = '/apis/apps/v1/namespaces/shop/replicasets';
const APPLY = '?fieldManager=kubectl-client-side-apply&fieldValidation=Strict';

async function withDeployment(replicas = 2): Promise<Api> {
  const api = await workloadApi('shop');
  const created = await api.request('POST', `${DEPLOYMENTS}${APPLY}`, deploymentManifest('web', replicas));
  if (created.statusCode !== 201) throw new Error(created.body);
  return api;
}

/** The kind's own events; who owns which fields (ManagedFieldsChanged, recorded with every write that names its manager) is left out. */
const eventTypes = async (api: Api, stream: string) => (await api.store.readStream(stream)).map((e) => e.type).filter((type) => type !== 'ManagedFieldsChanged');

test('a Deployment is created as kubectl apply sends it, keeping the last-applied annotation, and listed as List and Table', async (t) => {
  const api = await withDeployment(3);
  t.teardown(api.close);
  const deployment = (await api.request('GET', `${DEPLOYMENTS}/web`)).json();
  t.like(deployment, { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop', generation: 1 }, spec: { replicas: 3 } });
  t.is(deployment.metadata.annotations[LAST_APPLIED], deploymentManifest('web', 3).metadata.annotations[LAST_APPLIED]);
  t.is(deployment.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  t.deepEqual(deployment.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  const list = (await api.request('GET', '/apis/apps/v1/deployments')).json();
  t.is(list.kind, 'DeploymentList');
  t.is(list.items.length, 1);
  const table = (await api.request('GET', `${DEPLOYMENTS}?limit=500`, undefined, { accept: TABLE })).json();
  t.deepEqual(table.rows[0].cells, ['web', '0/3', 0, 0, table.rows[0].cells[4], 'web', 'nginx:1.27', 'app=web']);
  const missing = await api.request('GET', `${DEPLOYMENTS}/nope`);
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' } });
  const again = await api.request('POST', DEPLOYMENTS, deploymentManifest('web'));
  t.is(again.statusCode, 409);
  t.is(again.json().message, 'deployments.apps "web" already exists');
});

test('unknown fields are a strict decoding error (400) and invalid ones a 422 naming each field; nothing is appended', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const manifest = deploymentManifest('bad');
  const { selector, template } = manifest.spec;
  const unknown = { ...manifest, spec: { replicass: 3, selector, template: { ...template, spec: { containers: [{ name: 'web', image: 'nginx', bogus: 1 }] } } } };
  const strict = await api.request('POST', `${DEPLOYMENTS}${APPLY}`, unknown);
  t.is(strict.statusCode, 400);
  t.is(strict.json().message,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].bogus"');
  const invalid = await api.request('POST', DEPLOYMENTS, { ...manifest, spec: { ...manifest.spec, replicas: -1, selector: { matchLabels: { app: 'other' } } } });
  t.is(invalid.statusCode, 422);
  t.like(invalid.json(), { reason: 'Invalid', details: { name: 'bad', kind: 'Deployment', group: 'apps' } });
  t.regex(invalid.json().message, /^Deployment\.apps "bad" is invalid: /);
  t.deepEqual(invalid.json().details.causes.map((c: { field: string }) => c.field), ['spec.replicas', 'spec.template.metadata.labels']);
  t.is(await api.clusterHead(), head);
});

test("kubectl apply's strategic-merge patch (containers merged by name, $setElementOrder) becomes a new template revision", async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const next = deploymentManifest('web', 2, 'nginx:1.28');
  const patch = {
    metadata: { annotations: { [LAST_APPLIED]: next.metadata.annotations[LAST_APPLIED] } },
    spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }], containers: [{ name: 'sidecar', image: 'busybox' }, { image: 'nginx:1.28', name: 'web' }] } } },
  };
  const patched = await api.request('PATCH', `${DEPLOYMENTS}/web${APPLY}`, patch, STRATEGIC);
  t.is(patched.statusCode, 200, patched.body);
  const containers = patched.json().spec.template.spec.containers;
  t.deepEqual(containers.map((c: { name: string; image: string }) => [c.name, c.image]), [['sidecar', 'busybox'], ['web', 'nginx:1.28']]);
  t.deepEqual(containers[1].ports, [{ containerPort: 80, protocol: 'TCP' }], 'fields the patch does not name are kept');
  t.is(patched.json().metadata.annotations['deployment.kubernetes.io/revision'], '2');
  t.deepEqual(await eventTypes(api, 'deployment-shop.web'), ['DeploymentCreated', 'AnnotationsChanged', 'DeploymentTemplateChanged']);
});

test('replicas and strategy changes become ScaleDeployment and ChangeDeploymentStrategy; an annotation-only apply records the new last-applied', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const onlyAnnotation = await api.request('PATCH', `${DEPLOYMENTS}/web`, { metadata: { annotations: { [LAST_APPLIED]: '{"changed":true}' } } }, STRATEGIC);
  t.is(onlyAnnotation.statusCode, 200);
  t.is(onlyAnnotation.json().metadata.annotations[LAST_APPLIED], '{"changed":true}', 'kubectl reads back the record it applied last');
  t.deepEqual(await eventTypes(api, 'deployment-shop.web'), ['DeploymentCreated', 'AnnotationsChanged']);
  const patch = { spec: { replicas: 5, strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
  const patched = (await api.request('PATCH', `${DEPLOYMENTS}/web`, patch, STRATEGIC)).json();
  t.is(patched.spec.replicas, 5);
  t.deepEqual(patched.spec.strategy, { type: 'Recreate' });
  t.deepEqual(await eventTypes(api, 'deployment-shop.web'), ['DeploymentCreated', 'AnnotationsChanged', 'DeploymentStrategyChanged', 'DeploymentScaled']);
  const merge = await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } }, MERGE);
  t.deepEqual(merge.json().spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
});

test('spec.paused, as kubectl rollout pause and resume patch it, becomes PauseDeployment and ResumeDeployment', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const paused = (await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { paused: true } }, STRATEGIC)).json();
  t.like(paused, { metadata: { generation: 2 }, spec: { paused: true } });
  t.is((await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { paused: true } }, STRATEGIC)).statusCode, 200);
  const resumed = (await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { paused: null } }, STRATEGIC)).json();
  t.false('paused' in resumed.spec, 'a Deployment that is not paused has no spec.paused, as in Kubernetes');
  t.deepEqual(await eventTypes(api, 'deployment-shop.web'), ['DeploymentCreated', 'DeploymentPaused', 'DeploymentResumed']);
  const notBoolean = await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { paused: 'yes' } }, MERGE);
  t.is(notBoolean.statusCode, 422);
  t.regex(notBoolean.json().message, /spec.paused/);
  t.is((await eventTypes(api, 'deployment-shop.web')).length, 3);
});

test("a Deployment's history is its stream, summarized; the history of a namespaced kind needs its namespace", async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  await api.request('PATCH', `${DEPLOYMENTS}/web`, { metadata: { labels: { tier: 'front' } }, spec: { replicas: 4, paused: true } }, MERGE);
  const history = (await api.request('GET', '/kes/v1/history/namespaces/shop/deployments/web')).json();
  t.is(history.stream, 'deployment-shop.web');
  t.deepEqual(history.items.map((i: { type: string; summary: string; actor: string }) => [i.type, i.summary, i.actor]), [
    ['DeploymentCreated', 'created with 2 replicas (nginx:1.27)', 'kubernetes-admin'],
    ['ManagedFieldsChanged', 'field managers: kubectl-client-side-apply (Update)', 'kubernetes-admin'],
    ['LabelsChanged', 'labels tier=front', 'kubernetes-admin'],
    ['DeploymentScaled', 'scaled to 4', 'kubernetes-admin'],
    ['DeploymentPaused', 'paused', 'kubernetes-admin'],
    ['ManagedFieldsChanged', 'field managers: kubectl-client-side-apply (Update), lightMyRequest (Update)', 'kubernetes-admin'],
  ]);
  const short = (await api.request('GET', '/kes/v1/history/namespaces/shop/deploy/web')).json();
  t.is(short.items.length, 6, 'kubectl short names work');
  const unscoped = await api.request('GET', '/kes/v1/history/deployments/web');
  t.is(unscoped.statusCode, 404);
  t.regex(unscoped.json().message, /deployments are namespaced: ask \/kes\/v1\/history\/namespaces\/NAMESPACE\/deployments\/web/);
  const missing = await api.request('GET', '/kes/v1/history/namespaces/other/deployments/web');
  t.is(missing.statusCode, 404);
  t.regex(missing.json().message, /no history for deployments\/web in namespace other/);
  t.is((await api.request('GET', '/kes/v1/history/namespaces/shop/widgets/web')).statusCode, 404);
});

test('kubectl describe finds a Deployment\'s events at /api/v1/namespaces/NS/events, from its current life only, without status reports', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  await api.admin('ReportDeploymentStatus', {
    namespace: 'shop', name: 'web', observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0, conditions: [],
  });
  await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { replicas: 3 } }, MERGE);
  const selector = 'involvedObject.namespace=shop,involvedObject.kind=Deployment,involvedObject.name=web';
  const events = (await api.request('GET', `/api/v1/namespaces/shop/events?fieldSelector=${encodeURIComponent(selector)}&limit=500`)).json();
  t.deepEqual(events.items.map((e: { reason: string; message: string }) => [e.reason, e.message]), [
    ['DeploymentCreated', 'created with 2 replicas (nginx:1.27)'],
    ['DeploymentScaled', 'scaled to 3'],
  ]);
  t.like(events.items[0], { involvedObject: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web', namespace: 'shop' }, type: 'Normal' });

  await api.request('DELETE', `${DEPLOYMENTS}/web`);
  await api.request('POST', DEPLOYMENTS, deploymentManifest('web', 1));
  const again = (await api.request('GET', `/api/v1/namespaces/shop/events?fieldSelector=${encodeURIComponent(selector)}`)).json();
  t.deepEqual(again.items.map((e: { reason: string }) => e.reason), ['DeploymentCreated'], 'the deleted Deployment of the same name is not this one');
  const elsewhere = (await api.request('GET', '/api/v1/namespaces/other/events')).json();
  t.deepEqual(elsewhere.items, [], 'events of a namespace are only its objects\' events');
  const table = (await api.request('GET', '/api/v1/namespaces/shop/events', undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.filter((c: { priority?: number }) => !c.priority).map((c: { name: string }) => c.name), ['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
  t.deepEqual(table.rows.at(-1).cells.slice(1, 4), ['Normal', 'DeploymentCreated', 'deployment/web'], 'kubectl get events prints LAST SEEN TYPE REASON OBJECT MESSAGE');
  t.is((await api.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=bad')).statusCode, 400);
});

test('what kes cannot translate is refused with a 422 naming the field, and nothing is appended', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const selector = await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } } } } }, MERGE);
  t.is(selector.statusCode, 422);
  t.is(selector.json().details.causes[0].field, 'spec.selector');
  t.regex(selector.json().message, /spec\.selector: Invalid value: .*: field is immutable/);
  const history = await api.request('PATCH', `${DEPLOYMENTS}/web`, { metadata: { labels: { tier: 'front' } }, spec: { revisionHistoryLimit: 3 } }, MERGE);
  t.is(history.statusCode, 422);
  t.deepEqual(history.json().details.causes.map((c: { field: string }) => c.field), ['spec.revisionHistoryLimit'], 'the label change alone would be taken');
  const unknown = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldValidation=Strict`, { spec: { replicass: 4 } }, STRATEGIC);
  t.is(unknown.statusCode, 400);
  t.regex(unknown.json().message, /strict decoding error: unknown field "spec.replicass"/);
  const apply = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=other`, { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 4 } }, { 'content-type': 'application/apply-patch+yaml' });
  t.is(apply.statusCode, 409, 'a server-side apply of a field another manager owns');
  t.is(apply.json().message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  t.like(apply.json(), { reason: 'Conflict', details: { name: 'web', group: 'apps', causes: [{ reason: 'FieldManagerConflict', field: '.spec.replicas' }] } });
  const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
  const failedTest = await api.request('PATCH', `${DEPLOYMENTS}/web`, '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"test","path":"/spec/replicas","value":9}]', JSON_PATCH);
  t.is(failedTest.statusCode, 422);
  t.regex(failedTest.json().message, /the JSON patch cannot be applied \(operation 1: .*"op":"test".*\)/);
  const unresolvable = await api.request('PATCH', `${DEPLOYMENTS}/web`, '[{"op":"remove","path":"/spec/nothing/here"}]', JSON_PATCH);
  t.is(unresolvable.statusCode, 422);
  t.is((await api.request('PATCH', `${DEPLOYMENTS}/web`, '{"op":"remove"}', JSON_PATCH)).statusCode, 400, 'not an array');
  const dryRuns = [
    await api.request('PATCH', `${DEPLOYMENTS}/web?dryRun=All`, { spec: { replicas: 4 } }, MERGE),
    await api.request('PATCH', `${DEPLOYMENTS}/web/scale?dryRun=All`, { spec: { replicas: 4 } }, MERGE),
    await api.request('DELETE', `${DEPLOYMENTS}/web?dryRun=All`, {}),
    await api.request('POST', `${DEPLOYMENTS}?dryRun=All`, deploymentManifest('other')),
  ];
  t.deepEqual(dryRuns.map((r) => r.statusCode), [200, 200, 200, 201]);
  t.is(dryRuns[0].json().spec.replicas, 4, 'a dry run answers the object as it would be');
  t.is(dryRuns[1].json().spec.replicas, 4);
  t.like(dryRuns[3].json(), { kind: 'Deployment', metadata: { name: 'other', namespace: 'shop' } });
  t.truthy(dryRuns[3].json().metadata.uid, 'a dry-run create fills the uid, as kube-apiserver does');
  t.truthy(dryRuns[3].json().metadata.creationTimestamp);
  const unsupported = await api.request('PATCH', `${DEPLOYMENTS}/web?dryRun=Sometimes`, { spec: { replicas: 4 } }, MERGE);
  t.is(unsupported.statusCode, 422);
  t.is(unsupported.json().message, 'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Sometimes"}: supported values: "All"');
  t.is(await api.clusterHead(), head, 'no dry run appended anything');
  t.is((await api.request('GET', `${DEPLOYMENTS}/web`)).json().spec.replicas, 2);
  t.is((await api.request('GET', `${DEPLOYMENTS}/other`)).statusCode, 404);
});

test('a JSON patch (kubectl patch --type=json, kubectl rollout undo) replaces what it names', async (t) => {
  const api = await withDeployment();
  const current = (await api.request('GET', `${DEPLOYMENTS}/web`)).json();
  const template = { ...current.spec.template, spec: { ...current.spec.template.spec, containers: [{ ...current.spec.template.spec.containers[0], image: 'web:2' }] } };
  const undo = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: current.metadata.annotations ?? {} },
  ];
  const patched = await api.request('PATCH', `${DEPLOYMENTS}/web`, JSON.stringify(undo), { 'content-type': 'application/json-patch+json' });
  t.is(patched.statusCode, 200, patched.body);
  t.is(patched.json().spec.template.spec.containers[0].image, 'web:2');
  const replicas = await api.request('PATCH', `${DEPLOYMENTS}/web`, '[{"op":"replace","path":"/spec/replicas","value":5}]', { 'content-type': 'application/json-patch+json' });
  t.is(replicas.json().spec.replicas, 5);
  t.deepEqual((await eventTypes(api, 'deployment-shop.web')).slice(-2), ['DeploymentTemplateChanged', 'DeploymentScaled']);
});

test('PUT replaces the object and honours its resourceVersion (409 when stale)', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const current = (await api.request('GET', `${DEPLOYMENTS}/web`)).json();
  const stale = await api.request('PUT', `${DEPLOYMENTS}/web`, { ...current, metadata: { ...current.metadata, resourceVersion: '1' }, spec: { ...current.spec, replicas: 7 } });
  t.is(stale.statusCode, 409);
  t.like(stale.json(), { reason: 'Conflict' });
  t.regex(stale.json().message, /^Operation cannot be fulfilled on deployments\.apps "web": the object has been modified/);
  const put = await api.request('PUT', `${DEPLOYMENTS}/web`, { ...current, spec: { ...current.spec, replicas: 7 } });
  t.is(put.statusCode, 200);
  t.is(put.json().spec.replicas, 7);
  const renamed = await api.request('PUT', `${DEPLOYMENTS}/web`, { ...current, metadata: { ...current.metadata, name: 'other' } });
  t.is(renamed.statusCode, 400);
});

test('the scale subresource reads and sets replicas as autoscaling/v1 Scale, for Deployments and ReplicaSets', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const scale = (await api.request('GET', `${DEPLOYMENTS}/web/scale`)).json();
  t.like(scale, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' } });
  const scaled = await api.request('PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: 3 } }, MERGE);
  t.is(scaled.statusCode, 200);
  t.is(scaled.json().spec.replicas, 3);
  t.is((await api.request('GET', `${DEPLOYMENTS}/web`)).json().spec.replicas, 3);
  const put = await api.request('PUT', `${DEPLOYMENTS}/web/scale`, { ...(scaled.json() as object), spec: { replicas: 1 } });
  t.is(put.json().spec.replicas, 1);
  const head = await api.clusterHead();
  const negative = await api.request('PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: -1 } }, MERGE);
  t.is(negative.statusCode, 422);
  t.is(negative.json().message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  t.is(await api.clusterHead(), head);
  t.is((await api.request('GET', `${DEPLOYMENTS}/nope/scale`)).statusCode, 404);

  t.is((await api.request('POST', REPLICASETS, replicaSetManifest('cache'))).statusCode, 201);
  t.is((await api.request('PATCH', `${REPLICASETS}/cache/scale`, { spec: { replicas: 4 } }, MERGE)).json().spec.replicas, 4);
  t.deepEqual(await eventTypes(api, 'replicaset-shop.cache'), ['ReplicaSetCreated', 'ReplicaSetScaled']);
});

test('ReplicaSets: created, listed as a Table, scaled by patch, their template refused, and deleted', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  t.is((await api.request('POST', REPLICASETS, replicaSetManifest('cache', 2))).statusCode, 201);
  const table = (await api.request('GET', '/apis/apps/v1/replicasets', undefined, { accept: TABLE })).json();
  t.deepEqual(table.rows[0].cells.slice(0, 4), ['cache', 2, 0, 0]);
  t.is((await api.request('PATCH', `${REPLICASETS}/cache`, { spec: { replicas: 3 } }, MERGE)).json().spec.replicas, 3);
  const template = await api.request('PATCH', `${REPLICASETS}/cache`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, STRATEGIC);
  t.is(template.statusCode, 422);
  t.is(template.json().details.causes[0].field, 'spec.template');
  const deleted = await api.request('DELETE', `${REPLICASETS}/cache`, { propagationPolicy: 'Background' });
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'cache', group: 'apps', kind: 'replicasets' } });
  t.is((await api.request('GET', `${REPLICASETS}/cache`)).json().message, 'replicasets.apps "cache" not found');
});

test('creating in a Terminating namespace is forbidden; deleting a Deployment answers a Status', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const deleted = await api.request('DELETE', `${DEPLOYMENTS}/web`, { propagationPolicy: 'Background' });
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments' } });
  t.is((await api.request('GET', `${DEPLOYMENTS}/web`)).statusCode, 404);
  await api.request('DELETE', '/api/v1/namespaces/shop', {});
  const head = await api.clusterHead();
  const refused = await api.request('POST', DEPLOYMENTS, deploymentManifest('web'));
  t.is(refused.statusCode, 403);
  t.is(refused.json().message, 'deployments.apps "web" is forbidden: unable to create new content in namespace shop because it is being terminated');
  t.is(await api.clusterHead(), head);
});

test('a Deployment watch from a resourceVersion sends later changes; ReplicaSets and namespaces watch the same way', async (t) => {
  const api = await withDeployment();
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const listed = (await api.request('GET', DEPLOYMENTS)).json().metadata.resourceVersion;
  const deployments = watchLines(`${base}${DEPLOYMENTS}?watch=true&resourceVersion=${listed}&fieldSelector=metadata.name%3Dweb`, 2);
  const replicaSets = watchLines(`${base}/apis/apps/v1/replicasets?watch=true`, 1);
  const namespaces = watchLines(`${base}/api/v1/namespaces?watch=true&resourceVersion=${listed}`, 1);
  setTimeout(async () => {
    await api.request('POST', DEPLOYMENTS, deploymentManifest('other'));
    await api.request('PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: 4 } }, MERGE);
    await api.request('POST', REPLICASETS, replicaSetManifest('cache'));
    await api.request('DELETE', `${DEPLOYMENTS}/web`, {});
    await api.request('POST', '/api/v1/namespaces', { metadata: { name: 'later' } });
  }, 200);
  // The scale and its writer taking spec.replicas in managedFields are one write: one MODIFIED, as kube-apiserver sends.
  t.deepEqual((await deployments).map((l) => [l.type, l.object.metadata.name]), [['MODIFIED', 'web'], ['DELETED', 'web']]);
  t.deepEqual((await replicaSets).map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'cache']]);
  t.deepEqual((await namespaces).map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'later']]);
});
