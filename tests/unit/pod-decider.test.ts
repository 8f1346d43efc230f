import test from 'ava';
import { podDecider, type PodCommand } from '../../domain/pod/pod.decide.js';
import { podStream, type PodEvent, type PodStatusReport } from '../../domain/pod/pod.js';
import type { Container, PodSpec } from '../../domain/pod/pod-spec.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(podDecider);
const cmd = <C extends PodCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const container = (name: string, overrides: Partial<Container> = {}): Container => ({
  name,
  image: 'nginx:1.27',
  env: [],
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  resources: { requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 } },
  volumeMounts: [],
  ...overrides,
});
const podSpec = (overrides: Partial<PodSpec> = {}): PodSpec => ({
  containers: [container('web')],
  volumes: [],
  nodeSelector: {},
  tolerations: [],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  ...overrides,
});
const objectMeta = (name = 'web-1') => ({ name, namespace: 'default', uid: 'uid-1', labels: { app: 'web' }, annotations: {}, ownerReferences: [] });

const key = { namespace: 'default', name: 'web-1' };
const created: NewEvent<PodEvent> = { type: 'PodCreated', data: { meta: { ...objectMeta(), creationTimestamp: AT }, spec: podSpec() } };
const scheduled: NewEvent<PodEvent> = { type: 'PodScheduled', data: { ...key, nodeName: 'w1' } };
const deleted: NewEvent<PodEvent> = { type: 'PodDeleted', data: key };
const report = (overrides: Partial<PodStatusReport> = {}): PodStatusReport => ({
  ...key,
  nodeName: 'w1',
  phase: 'Running',
  podIP: '10.244.1.5',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: AT } } }],
  ...overrides,
});
const running: NewEvent<PodEvent> = { type: 'PodStatusReported', data: report() };

test('a pod lives on stream pod-<namespace>.<name>', (t) => {
  t.is(podStream('default', 'web-1'), 'pod-default.web-1');
});

test('a pod is created with the command time as its creation timestamp', (t) => {
  spec(t).given([]).when(cmd('CreatePod', { meta: objectMeta(), spec: podSpec() })).then([created]);
});

test('creating a pod that exists is refused; after deletion the name is free again', (t) => {
  spec(t).given([created]).when(cmd('CreatePod', { meta: objectMeta(), spec: podSpec() })).thenThrows('AlreadyExists', /pods "web-1" already exists/);
  spec(t).given([created, deleted]).when(cmd('CreatePod', { meta: objectMeta(), spec: podSpec() })).then([created]);
});

test('an invalid pod is refused, naming each bad field', (t) => {
  const bad = podSpec({
    containers: [
      container('Web_1', { ports: [{ containerPort: 0, protocol: 'TCP' }, { containerPort: 80, hostPort: 70000, protocol: 'TCP' }] }),
      container('sidecar', { resources: { requests: { cpuMillis: -1, memoryBytes: 0 } } }),
      container('sidecar'),
    ],
  });
  const run = spec(t).given([]).when(cmd('CreatePod', { meta: objectMeta('Bad.Name_'), spec: bad }));
  run.thenThrows('Invalid', /metadata\.name/);
  for (const field of ['spec.containers[0].name', 'spec.containers[0].ports[0].containerPort', 'spec.containers[0].ports[1].hostPort',
    'spec.containers[1].resources.requests.cpu', 'spec.containers[2].name'])
    run.thenThrows('Invalid', new RegExp(field.replace(/[.[\]]/g, '\\$&')));
});

test('a pod without containers is refused', (t) => {
  spec(t).given([]).when(cmd('CreatePod', { meta: objectMeta(), spec: podSpec({ containers: [] }) })).thenThrows('Invalid', /spec\.containers: at least one container/);
});

test('a pending pod is bound once; binding it to the same node again appends nothing', (t) => {
  spec(t).given([created]).when(cmd('BindPod', { ...key, nodeName: 'w1' })).then([scheduled]);
  spec(t).given([created, scheduled]).when(cmd('BindPod', { ...key, nodeName: 'w1' })).then([]);
});

test('a bound pod cannot be bound to another node', (t) => {
  spec(t).given([created, scheduled]).when(cmd('BindPod', { ...key, nodeName: 'w2' })).thenThrows('Conflict', /already assigned to node "w1"/);
});

test('binding an unknown or deleted pod is refused as not found', (t) => {
  spec(t).given([]).when(cmd('BindPod', { ...key, nodeName: 'w1' })).thenThrows('NotFound', /pods "web-1" not found/);
  spec(t).given([created, deleted]).when(cmd('BindPod', { ...key, nodeName: 'w1' })).thenThrows('NotFound');
});

test('a pod created with spec.nodeName is already bound', (t) => {
  const preBound: NewEvent<PodEvent> = { type: 'PodCreated', data: { meta: { ...objectMeta(), creationTimestamp: AT }, spec: podSpec({ nodeName: 'w1' }) } };
  spec(t).given([preBound]).when(cmd('BindPod', { ...key, nodeName: 'w2' })).thenThrows('Conflict');
  spec(t).given([preBound]).when(cmd('ReportPodStatus', report())).then([running]);
});

test('the unschedulable reason is recorded only when its message changes', (t) => {
  const why = { ...key, reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' };
  const marked: NewEvent<PodEvent> = { type: 'PodUnschedulable', data: why };
  spec(t).given([created]).when(cmd('MarkPodUnschedulable', why)).then([marked]);
  spec(t).given([created, marked]).when(cmd('MarkPodUnschedulable', why)).then([]);
  const other = { ...why, message: '0/2 nodes are available: 2 Insufficient cpu.' };
  spec(t).given([created, marked]).when(cmd('MarkPodUnschedulable', other)).then([{ type: 'PodUnschedulable', data: other }]);
});

test('a pod that was bound is no longer marked unschedulable', (t) => {
  const why = { ...key, reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' };
  spec(t).given([created, scheduled]).when(cmd('MarkPodUnschedulable', why)).then([]);
});

test('the bound node reports status; the same status again appends nothing', (t) => {
  spec(t).given([created, scheduled]).when(cmd('ReportPodStatus', report())).then([running]);
  spec(t).given([created, scheduled, running]).when(cmd('ReportPodStatus', report())).then([]);
  const reordered = report({ containerStatuses: [{ state: { running: { startedAt: AT } }, restartCount: 0, ready: true, name: 'web' }] });
  spec(t).given([created, scheduled, running]).when(cmd('ReportPodStatus', reordered)).then([]);
});

test('a restart or a readiness change is a new status', (t) => {
  const restarted = report({ containerStatuses: [{ name: 'web', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
  spec(t).given([created, scheduled, running]).when(cmd('ReportPodStatus', restarted)).then([{ type: 'PodStatusReported', data: restarted }]);
  const notReady = report({ conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] });
  spec(t).given([created, scheduled, running]).when(cmd('ReportPodStatus', notReady)).then([{ type: 'PodStatusReported', data: notReady }]);
});

test('only the node the pod is bound to reports its status', (t) => {
  spec(t).given([created, scheduled]).when(cmd('ReportPodStatus', report({ nodeName: 'w2' }))).thenThrows('Forbidden', /node "w2" can only change the status of pods bound to it: pod "web-1" is bound to node "w1"/);
  spec(t).given([created]).when(cmd('ReportPodStatus', report())).thenThrows('Conflict', /not bound to a node/);
});

test('a finished pod does not come back to life', (t) => {
  const succeeded: NewEvent<PodEvent> = { type: 'PodStatusReported', data: report({ phase: 'Succeeded' }) };
  spec(t).given([created, scheduled, succeeded]).when(cmd('ReportPodStatus', report())).thenThrows('Conflict', /already succeeded/);
  spec(t).given([created, scheduled]).when(cmd('ReportPodStatus', report({ phase: 'Lost' as 'Running' }))).thenThrows('Invalid', /status\.phase/);
});

const deletionRequested = (gracePeriodSeconds = 30): NewEvent<PodEvent> => ({ type: 'PodDeletionRequested', data: { ...key, deletionTimestamp: AT, gracePeriodSeconds } });

test('deleting a running pod asks its kubelet to stop it within the grace period', (t) => {
  spec(t).given([created, scheduled, running]).when(cmd('DeletePod', key)).then([deletionRequested(30)]);
  spec(t).given([created, scheduled, running]).when(cmd('DeletePod', { ...key, gracePeriodSeconds: 5 })).then([deletionRequested(5)]);
  spec(t).given([created, scheduled, running, deletionRequested()]).when(cmd('DeletePod', key)).then([]);
});

test('a pod goes at once when unbound, forced with grace period 0, or already finished', (t) => {
  spec(t).given([created]).when(cmd('DeletePod', key)).then([deleted]);
  spec(t).given([created, scheduled, running]).when(cmd('DeletePod', { ...key, gracePeriodSeconds: 0 })).then([deleted]);
  spec(t).given([created, scheduled, running, deletionRequested()]).when(cmd('DeletePod', { ...key, gracePeriodSeconds: 0 })).then([deleted]);
  const failed: NewEvent<PodEvent> = { type: 'PodStatusReported', data: report({ phase: 'Failed' }) };
  spec(t).given([created, scheduled, failed]).when(cmd('DeletePod', key)).then([deleted]);
});

test('deleting a deleted pod or with a negative grace period is refused', (t) => {
  spec(t).given([created, deleted]).when(cmd('DeletePod', key)).thenThrows('NotFound');
  spec(t).given([created, scheduled]).when(cmd('DeletePod', { ...key, gracePeriodSeconds: -1 })).thenThrows('Invalid', /gracePeriodSeconds/);
});

test('the kubelet confirms a requested deletion, once', (t) => {
  spec(t).given([created, scheduled, running, deletionRequested()]).when(cmd('ConfirmPodDeleted', key)).then([deleted]);
  spec(t).given([created, scheduled, running, deletionRequested(), deleted]).when(cmd('ConfirmPodDeleted', key)).then([]);
});

test('a deletion nobody asked for is refused unless the node is gone', (t) => {
  spec(t).given([created, scheduled, running]).when(cmd('ConfirmPodDeleted', key)).thenThrows('Conflict', /not being deleted/);
  spec(t).given([created, scheduled, running]).when(cmd('ConfirmPodDeleted', { ...key, nodeGone: true })).then([deleted]);
  spec(t).given([]).when(cmd('ConfirmPodDeleted', key)).thenThrows('NotFound');
});

const eviction = { ...key, reason: 'NodeUnreachable', message: 'node w1 is unreachable' };
const evicted: NewEvent<PodEvent> = { type: 'PodEvicted', data: { ...eviction, deletionTimestamp: AT, gracePeriodSeconds: 30 } };

test('an evicted pod terminates with its grace period, then the kubelet confirms', (t) => {
  spec(t).given([created, scheduled, running]).when(cmd('EvictPod', eviction)).then([evicted]);
  spec(t).given([created, scheduled, running, evicted]).when(cmd('EvictPod', eviction)).then([]);
  spec(t).given([created, scheduled, running, evicted]).when(cmd('ConfirmPodDeleted', key)).then([deleted]);
  spec(t).given([created, scheduled, running, evicted]).when(cmd('BindPod', { ...key, nodeName: 'w2' })).thenThrows('Conflict');
});

test('an eviction may ask for its own grace period: 0 deletes at once, a negative one is refused', (t) => {
  const asked = (gracePeriodSeconds: number) => cmd('EvictPod', { ...eviction, gracePeriodSeconds });
  const evictedAfter = (gracePeriodSeconds: number): NewEvent<PodEvent> => ({ ...evicted, data: { ...evicted.data, gracePeriodSeconds } });
  spec(t).given([created, scheduled, running]).when(asked(5)).then([evictedAfter(5)]);
  spec(t).given([created, scheduled, running]).when(asked(0)).then([evictedAfter(0), deleted]);
  spec(t).given([created, scheduled, running]).when(asked(-1)).thenThrows('Invalid');
});

test('evicting a pod that never got a node deletes it at once', (t) => {
  spec(t).given([created]).when(cmd('EvictPod', eviction)).then([evicted, deleted]);
});

test('orphaning drops the reference to that owner once; another owner, or none, appends nothing', (t) => {
  const ownerReferences = [{ kind: 'ReplicaSet', name: 'web-rs', uid: 'uid-rs', controller: true }];
  const owned: NewEvent<PodEvent> = { type: 'PodCreated', data: { meta: { ...objectMeta(), ownerReferences, creationTimestamp: AT }, spec: podSpec() } };
  const orphaned: NewEvent<PodEvent> = { type: 'PodOrphaned', data: { ...key, ownerUid: 'uid-rs' } };
  spec(t).given([owned]).when(cmd('OrphanPod', { ...key, ownerUid: 'uid-rs' })).then([orphaned]);
  spec(t).given([owned, orphaned]).when(cmd('OrphanPod', { ...key, ownerUid: 'uid-rs' })).then([]);
  spec(t).given([owned]).when(cmd('OrphanPod', { ...key, ownerUid: 'uid-other' })).then([]);
  spec(t).given([]).when(cmd('OrphanPod', { ...key, ownerUid: 'uid-rs' })).thenThrows('NotFound');
});

const relabel = (set: Record<string, string>, remove: string[] = []) => cmd('ChangeLabels', { kind: 'Pod', ...key, set, remove });
const annotate = (set: Record<string, string>, remove: string[] = []) => cmd('ChangeAnnotations', { kind: 'Pod', ...key, set, remove });

test('labels are set and removed, the event holding only what changed; the same labels again append nothing', (t) => {
  spec(t).given([created]).when(relabel({ tier: 'front', app: 'web' }, ['absent']))
    .then([{ type: 'LabelsChanged', data: { ...key, set: { tier: 'front' }, removed: [] } }]);
  spec(t).given([created]).when(relabel({}, ['app'])).then([{ type: 'LabelsChanged', data: { ...key, set: {}, removed: ['app'] } }]);
  spec(t).given([created]).when(relabel({ app: 'web' })).then([]);
});

test('annotations are changed the same way, and folded into the pod', (t) => {
  const annotated = { type: 'AnnotationsChanged' as const, data: { ...key, set: { 'example.com/owner': 'team-a' }, removed: [] } };
  spec(t).given([created]).when(annotate({ 'example.com/owner': 'team-a' })).then([annotated]);
  spec(t).given([created, annotated]).when(annotate({}, ['example.com/owner']))
    .then([{ type: 'AnnotationsChanged', data: { ...key, set: {}, removed: ['example.com/owner'] } }]);
  spec(t).given([created, annotated]).when(annotate({ 'example.com/owner': 'team-a' })).then([]);
});

test('a bad label or annotation is refused naming it; an unknown pod is not found', (t) => {
  spec(t).given([created]).when(relabel({ tier: 'not valid!' })).thenThrows('Invalid', /metadata\.labels\[tier\]: invalid label value/);
  spec(t).given([created]).when(annotate({ 'bad key': 'x' })).thenThrows('Invalid', /metadata\.annotations\[bad key\]: invalid annotation key/);
  spec(t).given([]).when(relabel({ tier: 'front' })).thenThrows('NotFound', /pods "web-1" not found/);
});

test('a pod without a controller is adopted once; another controller\'s pod is refused; a terminating one is left alone', (t) => {
  const owner = { kind: 'ReplicaSet', name: 'web', uid: 'uid-rs', controller: true };
  const adopted = { type: 'PodAdopted' as const, data: { ...key, owner } };
  spec(t).given([created]).when(cmd('AdoptPod', { ...key, owner })).then([adopted]);
  spec(t).given([created, adopted]).when(cmd('AdoptPod', { ...key, owner })).then([]);
  spec(t).given([created, adopted]).when(cmd('AdoptPod', { ...key, owner: { ...owner, name: 'other', uid: 'uid-other' } }))
    .thenThrows('Conflict', /controlled by ReplicaSet "web", not ReplicaSet "other"/);
  spec(t).given([created, { type: 'PodDeletionRequested', data: { ...key, deletionTimestamp: AT, gracePeriodSeconds: 30 } }]).when(cmd('AdoptPod', { ...key, owner })).then([]);
});
