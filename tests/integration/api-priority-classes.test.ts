import test from 'ava';
import { podManifest, workloadApi, MERGE, TABLE } from '../support/workload-api.js';

/** scheduling.k8s.io/v1 PriorityClasses over the Kubernetes REST API, and pods admitted from them (in process, no reconcilers). */

const CLASSES = '/apis/scheduling.k8s.io/v1/priorityclasses';
const classManifest = (name: string, value: number, extra: object = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

test('a PriorityClass is created, listed with kubectl\'s columns, described, deleted; discovery lists it as pc', async (t) => {
  const api = await workloadApi('ci');
  t.teardown(api.close);
  const created = await api.request('POST', CLASSES, classManifest('high', 1000, { description: 'web' }));
  t.is(created.statusCode, 201, created.body);
  t.like(created.json(), { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: { name: 'high' }, value: 1000, description: 'web', preemptionPolicy: 'PreemptLowerPriority' });
  t.false('namespace' in created.json().metadata);

  const table = (await api.request('GET', CLASSES, undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
  t.deepEqual(table.rows.map((r: { cells: unknown[] }) => [...r.cells.slice(0, 3), r.cells[4]]), [['high', 1000, false, 'PreemptLowerPriority']]);

  const described = await api.request('PATCH', `${CLASSES}/high`, { description: 'the web tier', metadata: { labels: { tier: 'web' } } }, MERGE);
  t.is(described.statusCode, 200, described.body);
  t.like(described.json(), { description: 'the web tier', metadata: { labels: { tier: 'web' } } });

  const deleted = await api.request('DELETE', `${CLASSES}/high`);
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'high', group: 'scheduling.k8s.io', kind: 'priorityclasses' } });
  t.is((await api.request('GET', `${CLASSES}/high`)).statusCode, 404);
  // Each write records its manager beside its own events (the create's and the patch's).
  t.deepEqual((await api.store.readStream('priorityclass-high')).map((e) => e.type),
    ['PriorityClassCreated', 'ManagedFieldsChanged', 'LabelsChanged', 'PriorityClassDescriptionChanged', 'ManagedFieldsChanged', 'PriorityClassDeleted']);

  const groups = (await api.request('GET', '/apis')).json();
  t.truthy(groups.groups.find((g: { name: string }) => g.name === 'scheduling.k8s.io'));
  const resources = (await api.request('GET', '/apis/scheduling.k8s.io/v1')).json();
  t.like(resources.resources[0], { name: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] });
});

test('bad changes to PriorityClasses are refused, each in kube\'s words, and nothing is appended', async (t) => {
  const api = await workloadApi('ci');
  t.teardown(api.close);
  t.is((await api.request('POST', CLASSES, classManifest('first', 10, { globalDefault: true }))).statusCode, 201);
  t.is((await api.request('POST', CLASSES, classManifest('other', 20))).statusCode, 201);
  await api.admin('CreatePriorityClass', { meta: { name: 'system-node-critical', namespace: '', uid: 'u-snc', labels: {}, annotations: {}, ownerReferences: [] }, value: 2_000_001_000 });
  const head = await api.clusterHead();

  const second = await api.request('POST', CLASSES, classManifest('second', 5, { globalDefault: true }));
  t.is(second.statusCode, 403);
  t.is(second.json().message, 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist');
  const marked = await api.request('PATCH', `${CLASSES}/other`, { globalDefault: true }, MERGE);
  t.is(marked.statusCode, 403);
  t.regex(marked.json().message, /PriorityClass first is already marked as default/);

  const changed = await api.request('PATCH', `${CLASSES}/other`, { value: 30 }, MERGE);
  t.is(changed.statusCode, 422);
  t.like(changed.json(), { reason: 'Invalid', details: { name: 'other', kind: 'PriorityClass', causes: [{ field: 'value' }] } });
  t.regex(changed.json().message, /^PriorityClass.scheduling.k8s.io "other" is invalid: value: Forbidden: may not be changed in an update/);

  const builtIn = await api.request('DELETE', `${CLASSES}/system-node-critical`);
  t.is(builtIn.statusCode, 403);
  t.is(builtIn.json().message, 'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');

  const reserved = await api.request('POST', CLASSES, classManifest('system-mine', 5));
  t.is(reserved.statusCode, 422);
  t.regex(reserved.json().message, /metadata.name: Forbidden: priority class names with 'system-' prefix are reserved/);
  const tooHigh = await api.request('POST', CLASSES, classManifest('huge', 2_000_000_000));
  t.is(tooHigh.statusCode, 422);
  t.regex(tooHigh.json().message, /value: Forbidden: maximum allowed value of a user defined priority is 1000000000/);

  const unknownClass = await api.request('POST', '/api/v1/namespaces/ci/pods', podManifest('p', { spec: { priorityClassName: 'nope' } }));
  t.is(unknownClass.statusCode, 403);
  t.is(unknownClass.json().message, 'pods "p" is forbidden: no PriorityClass with name nope was found');
  // A class a command says it found is not believed: the API server resolves it from the classes that exist.
  const container = { name: 'app', image: 'app:1', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 1024 } }, volumeMounts: [] };
  const forged = await api.request('POST', '/kes/v1/commands', {
    type: 'CreatePod',
    data: {
      meta: { name: 'forged', namespace: 'ci', uid: 'u-forged', labels: {}, annotations: {}, ownerReferences: [] },
      spec: { containers: [container], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, priorityClassName: 'vip' },
      priorityClass: { name: 'vip', value: 1_000_000_000, preemptionPolicy: 'PreemptLowerPriority' },
    },
  });
  t.is(forged.statusCode, 403);
  t.regex(forged.json().message, /no PriorityClass with name vip was found/);
  t.is(await api.clusterHead(), head, 'nothing appended');
});

test('pods get the priority and preemptionPolicy of the class they name, or of the global default when they name none', async (t) => {
  const api = await workloadApi('ci');
  t.teardown(api.close);
  await api.request('POST', CLASSES, classManifest('high', 1000, { preemptionPolicy: 'Never' }));
  const named = await api.request('POST', '/api/v1/namespaces/ci/pods', podManifest('named', { spec: { priorityClassName: 'high' } }));
  t.is(named.statusCode, 201, named.body);
  t.like(named.json().spec, { priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
  const plain = await api.request('POST', '/api/v1/namespaces/ci/pods', podManifest('plain'));
  t.false('priority' in plain.json().spec);

  await api.request('POST', CLASSES, classManifest('normal', 100, { globalDefault: true }));
  const defaulted = await api.request('POST', '/api/v1/namespaces/ci/pods', podManifest('defaulted'));
  t.like(defaulted.json().spec, { priorityClassName: 'normal', priority: 100, preemptionPolicy: 'PreemptLowerPriority' });
  const critical = await api.request('POST', '/api/v1/namespaces/ci/pods', podManifest('critical', { spec: { priorityClassName: 'system-node-critical' } }));
  t.like(critical.json().spec, { priorityClassName: 'system-node-critical', priority: 2_000_001_000 });
});
