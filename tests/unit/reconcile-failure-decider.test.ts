import test from 'ava';
import { routeOf } from '../../domain/commands.js';
import { podDecider, type PodCommand } from '../../domain/pod/pod.decide.js';
import type { PodEvent } from '../../domain/pod/pod.js';
import type { NewEvent } from '../../domain/shared/event.js';
import type { ReportReconcileFailure } from '../../domain/shared/reconcile-failure.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';
import { deploymentData, replicaSetData } from '../support/workload-fixtures.js';
import { podMeta, podSpec, world } from '../support/world.js';

const spec = deciderSpec(podDecider);
const key = { namespace: 'default', name: 'web-1' };
const failure = { controller: 'kubelet-pods', reason: 'FailedReportPodStatus', message: 'runtime refused to start the container' };
const report = (data: Partial<ReportReconcileFailure['data']> = {}) =>
  ({ type: 'ReportReconcileFailure', data: { kind: 'Pod', ...key, ...failure, ...data }, metadata: meta() }) as PodCommand;
const failed = (data: Partial<typeof failure> = {}): NewEvent<PodEvent> => ({ type: 'ReconcileFailed', data: { ...key, ...failure, ...data } });

const created: NewEvent<PodEvent> = { type: 'PodCreated', data: { meta: { ...podMeta('web-1'), creationTimestamp: AT }, spec: podSpec() } as never };
const scheduled: NewEvent<PodEvent> = { type: 'PodScheduled', data: { ...key, nodeName: 'w1' } };

test('a reconcile failure reported on a pod is recorded as ReconcileFailed from that controller', (t) => {
  spec(t).given([created]).when(report()).then([failed()]);
});

test('the same failure from the same controller is recorded once; a new reason, message or controller is recorded again', (t) => {
  spec(t).given([created, failed()]).when(report()).then([]);
  spec(t).given([created, failed()]).when(report({ message: 'image not found' })).then([failed({ message: 'image not found' })]);
  spec(t).given([created, failed()]).when(report({ reason: 'FailedConfirmPodDeleted' })).then([failed({ reason: 'FailedConfirmPodDeleted' })]);
  spec(t).given([created, failed()]).when(report({ controller: 'scheduler' })).then([failed({ controller: 'scheduler' })]);
  spec(t).given([created, failed(), failed({ controller: 'scheduler' })]).when(report()).then([]);
});

test('nothing is reported on a pod that does not exist or no longer does', (t) => {
  spec(t).given([]).when(report()).thenThrows('NotFound', /pods "web-1" not found/);
  spec(t).given([created, { type: 'PodDeleted', data: key }]).when(report()).thenThrows('NotFound');
});

test('a kubelet reports only on pods bound to its node', (t) => {
  spec(t).given([created, scheduled]).when(report({ nodeName: 'w1' })).then([failed()]);
  spec(t).given([created, scheduled]).when(report({ nodeName: 'w2' })).thenThrows('Forbidden', /bound to node "w1"/);
});

/** One object of every kind a reconcile failure can be reported on, through the generic handler. */
async function everyReportedKind() {
  const w = world();
  await w.addNode('w1');
  await w.send('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  await w.send('CreatePod', { meta: podMeta('web-1'), spec: podSpec() });
  await w.send('CreateReplicaSet', replicaSetData('web-rs', 1));
  await w.send('CreateDeployment', deploymentData('web', 1));
  await w.send('CreateService', { meta: { ...podMeta('web-svc'), labels: {} }, spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }], clusterIP: '10.96.0.20' } });
  return w;
}

const OBJECTS = [
  { kind: 'Node', namespace: '', name: 'w1', stream: 'node-w1' },
  { kind: 'Namespace', namespace: '', name: 'default', stream: 'namespace-default' },
  { kind: 'Pod', namespace: 'default', name: 'web-1', stream: 'pod-default.web-1' },
  { kind: 'ReplicaSet', namespace: 'default', name: 'web-rs', stream: 'replicaset-default.web-rs' },
  { kind: 'Deployment', namespace: 'default', name: 'web', stream: 'deployment-default.web' },
  { kind: 'Service', namespace: 'default', name: 'web-svc', stream: 'service-default.web-svc' },
] as const;

test('every kind a reconciler works on records a reported failure on its own stream, once, and its read model keeps the object', async (t) => {
  const w = await everyReportedKind();
  for (const { kind, namespace, name } of OBJECTS)
    for (let i = 0; i < 2; i++) await w.send('ReportReconcileFailure', { kind, namespace, name, ...failure }, 'system:kes-controller-manager');
  for (const { stream, kind } of OBJECTS) {
    const types = (await w.store.readStream(stream)).map((e) => e.type);
    t.deepEqual(types.filter((type) => type === 'ReconcileFailed'), ['ReconcileFailed'], `${kind}: ${types.join(', ')}`);
  }
  t.truthy(w.models.nodes.get('w1')?.reconcileFailures?.['kubelet-pods']);
  t.truthy(w.models.pods.get('default.web-1')?.reconcileFailures?.['kubelet-pods']);
  t.is(w.models.namespaces.get('default')?.phase, 'Active');
  t.truthy(w.models.replicaSets.get('default.web-rs') && w.models.deployments.get('default.web') && w.models.services.get('default.web-svc'));
});

test('a failure is reported on no other kind', async (t) => {
  const data = { kind: 'ConfigMap', namespace: 'default', name: 'settings', ...failure };
  const error = await t.throwsAsync(world().send('ReportReconcileFailure', data));
  t.regex(error!.message, /data\.kind: must be one of the following values: Node, Namespace, Pod, ReplicaSet, Deployment, Service/);
  t.throws(() => routeOf({ type: 'ReportReconcileFailure', data, metadata: meta() }), { message: /does not report reconcile failures on a ConfigMap/ });
});

test('a node may report failures only on pods bound to it, as itself', async (t) => {
  const w = await everyReportedKind();
  await w.send('BindPod', { ...key, nodeName: 'w1' });
  await w.send('ReportReconcileFailure', { kind: 'Pod', ...key, ...failure, nodeName: 'w1' }, 'system:node:w1');
  await t.throwsAsync(w.send('ReportReconcileFailure', { kind: 'Pod', ...key, ...failure, message: 'other', nodeName: 'w2' }, 'system:node:w2'), { message: /bound to node "w1"/ });
  await t.throwsAsync(w.send('ReportReconcileFailure', { kind: 'Pod', ...key, ...failure, message: 'other' }, 'system:node:w1'), { message: /may not ReportReconcileFailure/ });
  await t.throwsAsync(w.send('ReportReconcileFailure', { kind: 'Node', namespace: '', name: 'w1', ...failure }, 'system:node:w1'), { message: /may not ReportReconcileFailure/ });
});
