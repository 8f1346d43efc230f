import test from 'ava';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { CONTROL_PLANE_TAINT } from '../../domain/shared/taints.js';
import { podMeta, podSpec, world } from '../support/world.js';

const owner = { kind: 'ReplicaSet', name: 'web-1234', uid: 'rs-uid' };

async function cluster() {
  const w = world();
  await w.addNode('master', { role: 'control-plane', taints: [CONTROL_PLANE_TAINT] });
  for (const name of ['w1', 'w2', 'w3']) await w.addNode(name);
  const s = scheduler(w.models);
  const subscription = s.triggers.subscribe();
  return { ...w, s, stop: () => subscription.unsubscribe() };
}

const nodesOf = (w: Awaited<ReturnType<typeof cluster>>) => [...w.models.pods.values()].map((p) => p.nodeName);

test('given six pods of one owner, they spread over the three workers and never land on the tainted master', async (t) => {
  const w = await cluster();
  t.teardown(w.stop);
  for (let i = 0; i < 6; i++) await w.send('CreatePod', { meta: podMeta(`web-${i}`, owner), spec: podSpec() });
  const sent = await w.settle(w.s);
  t.is(sent.filter((c) => c.type === 'BindPod').length, 6);
  const counts = new Map<string, number>();
  for (const node of nodesOf(w)) counts.set(node!, (counts.get(node!) ?? 0) + 1);
  t.deepEqual(Object.fromEntries([...counts].sort()), { w1: 2, w2: 2, w3: 2 });
});

test('a pod that fits nowhere stays Pending with the Kubernetes-style reason, recorded once', async (t) => {
  const w = await cluster();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('huge'), spec: podSpec(64_000) });
  const sent = await w.settle(w.s);
  t.is(sent.length, 1);
  const pod = w.models.pods.get('default.huge')!;
  t.is(pod.status, 'pending');
  t.is(pod.unschedulable?.message, '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
  t.deepEqual([...w.s.keys()].flatMap((k) => w.s.reconcile(k)), [], 'reconciling again emits nothing');
});

test('a cordoned node takes no new pods; capacity already bound counts', async (t) => {
  const w = await cluster();
  t.teardown(w.stop);
  await w.send('CordonNode', { name: 'w1' });
  await w.send('CordonNode', { name: 'w2' });
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(3000) });
  await w.send('CreatePod', { meta: podMeta('b'), spec: podSpec(3000) });
  await w.settle(w.s);
  t.is(w.models.pods.get('default.a')!.nodeName ?? w.models.pods.get('default.b')!.nodeName, 'w3');
  const stuck = [...w.models.pods.values()].find((p) => p.status === 'pending')!;
  t.regex(stuck.unschedulable!.message, /1 Insufficient cpu/);
  t.regex(stuck.unschedulable!.message, /2 node\(s\) were unschedulable/);
  await w.send('UncordonNode', { name: 'w1' });
  await w.settle(w.s);
  t.deepEqual(nodesOf(w).sort(), ['w1', 'w3'], 'uncordoning makes room for the pending pod');
});

test('the cache counts bound pods incrementally, and frees them when pods go', async (t) => {
  const w = await cluster();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(500, { nodeName: 'w1' }) });
  const w1 = () => w.s.cache.nodes.get('w1')!;
  t.is(w1().requested.cpuMillis, 500);
  await w.send('DeletePod', { namespace: 'default', name: 'a', gracePeriodSeconds: 0 });
  t.is(w1().requested.cpuMillis, 0);
});
