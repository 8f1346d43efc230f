import test from 'ava';
import { CONTROLLER_MANAGER } from '../../application/commands/authorize.js';
import { garbageCollector } from '../../application/reconcilers/garbage-collector.js';
import { jobController } from '../../application/reconcilers/job.js';
import type { Reconciler } from '../../application/reconcilers/runner.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { registration } from '../support/node-fixtures.js';
import { MERGE, TABLE, workloadApi, type Api } from '../support/workload-api.js';

/** batch/v1 Jobs through the API, with the job controller and the garbage collector run to a standstill in between. */

const JOBS = '/apis/batch/v1/namespaces/shop/jobs';
const ids = new UuidIds();

/** What `kubectl create job hello --image=busybox -- sh -c 'echo hi'` sends, as JSON. */
const jobManifest = (name: string, spec: object = {}, restartPolicy = 'Never') => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: { metadata: {}, spec: { containers: [{ name, image: 'busybox', command: ['sh', '-c', 'echo hi'], resources: {} }], restartPolicy } }, ...spec },
  status: {},
});

async function send(api: Api, type: string, data: object, actor: string) {
  const handled = await api.handle({ type, data, metadata: { commandId: ids.newId(), actor, at: new Date().toISOString() } } as Command);
  await caughtUp(api.models, handled.position);
}

/** Every reconciler over every key until none has anything more to do. */
async function settle(api: Api, reconcilers: readonly Reconciler[]) {
  for (let round = 0; round < 20; round++) {
    let sent = 0;
    for (const reconciler of reconcilers)
      for (const key of [...reconciler.keys()])
        for (const c of await reconciler.reconcile(key)) {
          await send(api, c.type, c.data as object, CONTROLLER_MANAGER);
          sent++;
        }
    if (sent === 0) return;
  }
  throw new Error('the controllers did not settle');
}

async function jobsApi() {
  const api = await workloadApi('shop');
  await api.admin('RegisterNode', registration('n1'));
  const controllers = [jobController(api.models, ids, new SystemClock()), garbageCollector(api.models)];
  return { api, settle: () => settle(api, controllers) };
}

const podsOf = (api: Api, job: string) =>
  [...api.models.pods.values()].filter((p) => p.meta.ownerReferences.some((o) => o.kind === 'Job' && o.name === job));
const running = (api: Api, job: string) => podsOf(api, job).filter((p) => p.status !== 'terminating' && p.phase !== 'Succeeded' && p.phase !== 'Failed');

async function finish(api: Api, name: string, phase: 'Succeeded' | 'Failed') {
  await send(api, 'BindPod', { namespace: 'shop', name, nodeName: 'n1' }, CONTROLLER_MANAGER);
  const containerStatuses = [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: 'Completed' } } }];
  await send(api, 'ReportPodStatus', { namespace: 'shop', name, nodeName: 'n1', phase, conditions: [], containerStatuses }, 'system:node:n1');
}

test('a Job is created with Kubernetes\' defaults and generated selector, runs a pod, and is Complete once the pod succeeded', async (t) => {
  const { api, settle } = await jobsApi();
  t.teardown(api.close);
  const created = await api.request('POST', `${JOBS}?fieldManager=kubectl-create&fieldValidation=Strict`, jobManifest('hello'));
  t.is(created.statusCode, 201, created.body);
  const job = created.json();
  const uid = job.metadata.uid;
  t.like(job, { kind: 'Job', apiVersion: 'batch/v1', spec: { completions: 1, parallelism: 1, backoffLimit: 6, suspend: false, completionMode: 'NonIndexed' } });
  t.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  t.deepEqual(job.spec.template.metadata.labels, { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'hello', 'controller-uid': uid, 'job-name': 'hello' });

  await settle();
  const [pod] = podsOf(api, 'hello');
  t.regex(pod.meta.name, /^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const table = (await api.request('GET', JOBS, undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name).slice(0, 5), ['Name', 'Status', 'Completions', 'Duration', 'Age']);
  t.deepEqual(table.rows[0].cells.slice(0, 3), ['hello', 'Running', '0/1']);

  await finish(api, pod.meta.name, 'Succeeded');
  await settle();
  const done = (await api.request('GET', `${JOBS}/hello`)).json();
  t.like(done.status, { succeeded: 1, ready: 0 });
  t.is(done.status.active, undefined, 'zero counts are left out, as Kubernetes does');
  t.truthy(done.status.startTime);
  t.truthy(done.status.completionTime);
  t.deepEqual(done.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`), ['SuccessCriteriaMet=True', 'Complete=True']);
  const after = (await api.request('GET', JOBS, undefined, { accept: TABLE })).json();
  t.deepEqual(after.rows[0].cells.slice(0, 3), ['hello', 'Complete', '1/1']);
  t.is(podsOf(api, 'hello').length, 1, 'no other pod was made');
  const types = (await api.store.readStream('job-shop.hello')).map((e) => e.type).filter((type) => type !== 'ManagedFieldsChanged');
  t.deepEqual(types, ['JobCreated', 'JobStatusReported', 'JobStatusReported', 'JobCompleted']);
});

test('more failed pods than backoffLimit: the Job is Failed BackoffLimitExceeded and its running pods are deleted', async (t) => {
  const { api, settle } = await jobsApi();
  t.teardown(api.close);
  t.is((await api.request('POST', JOBS, jobManifest('flaky', { backoffLimit: 0, parallelism: 2, completions: 2 }))).statusCode, 201);
  await settle();
  const [first, second] = running(api, 'flaky');
  t.truthy(second, 'two pods run at once');
  await send(api, 'BindPod', { namespace: 'shop', name: second.meta.name, nodeName: 'n1' }, CONTROLLER_MANAGER);
  await finish(api, first.meta.name, 'Failed');
  await settle();
  const job = (await api.request('GET', `${JOBS}/flaky`)).json();
  const failed = job.status.conditions.find((c: { type: string }) => c.type === 'Failed');
  t.like(failed, { status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  t.like(job.status, { failed: 1 });
  t.is(running(api, 'flaky').length, 0);
  t.is(api.models.pods.get(`shop.${second.meta.name}`)?.status, 'terminating', 'the pod still running is being deleted');
  const table = (await api.request('GET', JOBS, undefined, { accept: TABLE })).json();
  t.is(table.rows[0].cells[1], 'Failed');
  const events = (await api.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind%3DJob,involvedObject.name%3Dflaky')).json().items;
  const warning = events.find((e: { type: string }) => e.type === 'Warning');
  t.like(warning, { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', source: { component: 'job-controller' } });
  t.false(events.some((e: { reason: string }) => e.reason === 'JobStatusReported'), 'counts are status, not events');
});

test('a template whose pods restart Always is a 422 naming spec.template.spec.restartPolicy, and nothing is appended', async (t) => {
  const { api } = await jobsApi();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const refused = await api.request('POST', JOBS, jobManifest('bad', {}, 'Always'));
  t.is(refused.statusCode, 422);
  t.like(refused.json(), { reason: 'Invalid', details: { name: 'bad', kind: 'Job', group: 'batch' } });
  t.deepEqual(refused.json().details.causes.map(({ field, message }: { field: string; message: string }) => ({ field, message })), [
    { field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
  ]);
  t.is(await api.clusterHead(), head);
});

test('a Job\'s template is immutable; parallelism and suspend change; a dry run appends nothing', async (t) => {
  const { api, settle } = await jobsApi();
  t.teardown(api.close);
  t.is((await api.request('POST', JOBS, jobManifest('work', { completions: 3 }))).statusCode, 201);
  const head = await api.clusterHead();
  const image = { spec: { template: { spec: { containers: [{ name: 'work', image: 'busybox:2' }] } } } };
  const refused = await api.request('PATCH', `${JOBS}/work`, image, { 'content-type': 'application/strategic-merge-patch+json' });
  t.is(refused.statusCode, 422);
  t.regex(refused.json().message, /spec\.template: Invalid value: .*: field is immutable/);
  t.is(await api.clusterHead(), head);

  const dryRun = await api.request('PATCH', `${JOBS}/work?dryRun=All`, { spec: { parallelism: 3 } }, MERGE);
  t.is(dryRun.statusCode, 200, dryRun.body);
  t.is(dryRun.json().spec.parallelism, 3);
  t.is(await api.clusterHead(), head, 'a dry run appends nothing');

  t.is((await api.request('PATCH', `${JOBS}/work`, { spec: { parallelism: 3 } }, MERGE)).statusCode, 200);
  await settle();
  t.is(running(api, 'work').length, 3);
  const suspended = await api.request('PATCH', `${JOBS}/work`, { spec: { suspend: true } }, MERGE);
  t.is(suspended.statusCode, 200);
  await settle();
  t.is(running(api, 'work').length, 0);
  t.is((await api.request('GET', JOBS, undefined, { accept: TABLE })).json().rows[0].cells[1], 'Suspended');
});

test('server-side apply creates a Job and records its manager; applying it again appends nothing; a changed image is refused', async (t) => {
  const { api } = await jobsApi();
  t.teardown(api.close);
  const APPLY = { 'content-type': 'application/apply-patch+yaml' };
  const manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'applied' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox' }] } } } };
  const created = await api.request('PATCH', `${JOBS}/applied?fieldManager=kubectl`, manifest, APPLY);
  t.is(created.statusCode, 201, created.body);
  t.true(created.json().metadata.managedFields.some((m: { manager: string; operation: string }) => m.manager === 'kubectl' && m.operation === 'Apply'));
  const head = await api.clusterHead();
  const again = await api.request('PATCH', `${JOBS}/applied?fieldManager=kubectl`, manifest, APPLY);
  t.is(again.statusCode, 200, again.body);
  t.is(await api.clusterHead(), head, 'the same configuration applied again changes nothing');
  const changed = { ...manifest, spec: { template: { spec: { ...manifest.spec.template.spec, containers: [{ name: 'w', image: 'busybox:2' }] } } } };
  const refused = await api.request('PATCH', `${JOBS}/applied?fieldManager=kubectl`, changed, APPLY);
  t.is(refused.statusCode, 422);
  t.regex(refused.json().message, /spec\.template: Invalid value: .*field is immutable/);
});

test('deleting a Job deletes its pods (background), or leaves them with --cascade=orphan', async (t) => {
  const { api, settle } = await jobsApi();
  t.teardown(api.close);
  for (const name of ['gone', 'kept']) t.is((await api.request('POST', JOBS, jobManifest(name))).statusCode, 201);
  await settle();
  const deleted = await api.request('DELETE', `${JOBS}/gone`, { propagationPolicy: 'Background' });
  t.is(deleted.statusCode, 200);
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'gone', kind: 'jobs', group: 'batch' } });
  const orphaned = await api.request('DELETE', `${JOBS}/kept`, { propagationPolicy: 'Orphan' });
  t.is(orphaned.statusCode, 200);
  await settle();
  t.is(podsOf(api, 'gone').length, 0, 'the garbage collector deleted the pod of the deleted Job');
  const kept = [...api.models.pods.values()].filter((p) => p.meta.labels['job-name'] === 'kept');
  t.is(kept.length, 1);
  t.deepEqual(kept[0].meta.ownerReferences, []);
  t.is((await api.request('GET', `${JOBS}/gone`)).statusCode, 404);
});

test('jobs are served in discovery, OpenAPI and history', async (t) => {
  const { api } = await jobsApi();
  t.teardown(api.close);
  const groups = (await api.request('GET', '/apis')).json().groups.map((g: { name: string }) => g.name);
  t.true(groups.includes('batch'));
  const resources = (await api.request('GET', '/apis/batch/v1')).json().resources;
  t.like(resources.find((r: { name: string }) => r.name === 'jobs'), { kind: 'Job', namespaced: true, singularName: 'job' });
  const openapi = (await api.request('GET', '/openapi/v3/apis/batch/v1')).json();
  t.truthy(openapi.components.schemas['io.k8s.api.batch.v1.JobSpec'].properties.backoffLimit);
  t.is((await api.request('POST', JOBS, jobManifest('hello'))).statusCode, 201);
  const status = await api.request('GET', `${JOBS}/hello/status`);
  t.is(status.statusCode, 200);
  const history = await api.request('GET', '/kes/v1/history/namespaces/shop/jobs/hello');
  t.is(history.statusCode, 200, history.body);
  t.regex(history.body, /JobCreated/);
  t.is((await api.request('GET', '/kes/v1/history/namespaces/shop/job/hello')).statusCode, 200, 'by its singular name too');
});
