import test from 'ava';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { podMeta, podSpec, world } from '../support/world.js';

async function node(options = { startLatencyMs: 0, failureRate: 0 }) {
  const w = world();
  await w.addNode('w1');
  await w.addNode('w2');
  const runtime = new SimulatedRuntime(new SystemClock(), options);
  const kubelet = kubeletPods(w.models, runtime, (name) => name === 'w1');
  return { ...w, runtime, kubelet };
}

test('a pod bound to a hosted node runs and is reported Running and Ready, as its node', async (t) => {
  const w = await node();
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  const sent = await w.settle(w.kubelet);
  t.deepEqual(sent.map((c) => [c.type, c.actor]), [['ReportPodStatus', 'system:node:w1']]);
  const pod = w.models.pods.get('default.a')!;
  t.is(pod.phase, 'Running');
  t.true(pod.containerStatuses[0].ready);
  t.like(pod.conditions.find((c) => c.type === 'Ready'), { status: 'True' });
  t.deepEqual(await w.settle(w.kubelet), [], 'nothing more to report on unchanged state');
});

test('pods of other nodes are not this kubelet’s business', async (t) => {
  const w = await node();
  await w.send('CreatePod', { meta: podMeta('b'), spec: podSpec(100, { nodeName: 'w2' }) });
  t.deepEqual(await w.settle(w.kubelet), []);
  t.is([...w.runtime.pods()].length, 0);
});

test('a pod being deleted is stopped, then confirmed deleted', async (t) => {
  const w = await node();
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  await w.settle(w.kubelet);
  await w.send('DeletePod', { namespace: 'default', name: 'a' });
  t.is(w.models.pods.get('default.a')!.status, 'terminating');
  const sent = await w.settle(w.kubelet);
  t.deepEqual(sent.map((c) => c.type), ['ConfirmPodDeleted']);
  t.false(w.models.pods.has('default.a'));
  t.is(w.runtime.status('default.a'), undefined);
});

test('a failing start is reported as the runtime saw it', async (t) => {
  const w = await node({ startLatencyMs: 0, failureRate: 1 });
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1', restartPolicy: 'Never' }) });
  await w.settle(w.kubelet);
  t.like(w.models.pods.get('default.a'), { phase: 'Failed', reason: 'SimulatedFailure' });
});

test('a pod bound past what the node has left is rejected by the kubelet: Failed, OutOfcpu, never started', async (t) => {
  const w = await node();
  const allocatable = w.models.nodes.get('w1')!.allocatable.cpuMillis;
  await w.send('CreatePod', { meta: podMeta('first'), spec: podSpec(allocatable - 100, { nodeName: 'w1' }) });
  await w.settle(w.kubelet);
  await w.send('CreatePod', { meta: podMeta('second'), spec: podSpec(200, { nodeName: 'w1' }) });
  await w.settle(w.kubelet);
  t.like(w.models.pods.get('default.second'), { phase: 'Failed', reason: 'OutOfcpu' });
  t.regex(w.models.pods.get('default.second')!.message!, /Node didn't have enough resource: cpu, requested: 200, used: \d+, capacity: \d+/);
  t.is(w.runtime.status('default.second'), undefined, 'the runtime never saw it');
  t.is(w.models.pods.get('default.first')!.phase, 'Running');
  t.deepEqual(await w.settle(w.kubelet), []);
});

test('a pod whose reconcile keeps failing is reported on as its node; a pod of another node or none is not this kubelet’s to report', async (t) => {
  const w = await node();
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  await w.send('CreatePod', { meta: podMeta('b'), spec: podSpec(100, { nodeName: 'w2' }) });
  t.deepEqual(w.kubelet.subjectOf('default.a'), { kind: 'Pod', namespace: 'default', name: 'a', nodeName: 'w1', actor: 'system:node:w1' });
  t.is(w.kubelet.subjectOf('default.b'), undefined);
  t.is(w.kubelet.subjectOf('default.gone'), undefined);
});

test('a pod with fields this node does not enact gets one Warning naming them, from the kubelet, as its node', async (t) => {
  const w = await node();
  const unmodelled = { hostNetwork: true, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } } };
  await w.send('CreatePod', { meta: podMeta('a'), spec: { ...podSpec(100, { nodeName: 'w1' }), unmodelled } });
  const sent = await w.settle(w.kubelet);
  const warnings = sent.filter((c) => c.type === 'ReportReconcileFailure');
  t.is(warnings.length, 1);
  t.is(warnings[0].actor, 'system:node:w1');
  t.like(w.models.pods.get('default.a')!.reconcileFailures?.kubelet, {
    reason: 'FieldsNotEnacted',
    message: 'kes keeps these fields but does not enact them on this node: spec.hostNetwork, spec.affinity.podAntiAffinity',
  });
  t.is(w.models.pods.get('default.a')!.phase, 'Running');
  t.deepEqual(await w.settle(w.kubelet), [], 'reported once');
});
