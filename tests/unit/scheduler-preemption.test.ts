import test from 'ava';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { podMeta, podSpec, world } from '../support/world.js';

/** The scheduler's preemption, level-triggered: nominate, evict the fewest lower-priority pods, bind once they are gone. */

const classMeta = (name: string) => ({ name, namespace: '', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });

/** w1 (4 cpu) running low-a and low-b (1500m each, priority 0): 1000m free. */
async function fullNode() {
  const w = world();
  await w.addNode('w1');
  await w.send('CreatePriorityClass', { meta: classMeta('high'), value: 1000 });
  await w.send('CreatePriorityClass', { meta: classMeta('polite'), value: 1000, preemptionPolicy: 'Never' });
  for (const name of ['low-a', 'low-b']) await w.send('CreatePod', { meta: podMeta(name), spec: podSpec(1500, { nodeName: 'w1' }) });
  const s = scheduler(w.models);
  const subscription = s.triggers.subscribe();
  return { ...w, s, stop: () => subscription.unsubscribe() };
}
const pod = (w: Awaited<ReturnType<typeof fullNode>>, name: string) => w.models.pods.get(`default.${name}`)!;

test('given a full node of low-priority pods, when a high-priority pod is pending, then it is nominated there and only one victim is evicted, as Preempted', async (t) => {
  const w = await fullNode();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('urgent'), spec: podSpec(2000, { priorityClassName: 'high' }) });
  const sent = await w.settle(w.s);
  t.deepEqual(sent.filter((c) => c.type !== 'MarkPodUnschedulable').map((c) => [c.type, (c.data as { name: string }).name]), [['NominatePod', 'urgent'], ['EvictPod', 'low-b']]);
  t.is(pod(w, 'urgent').nominatedNodeName, 'w1');
  t.like(pod(w, 'low-b'), { status: 'terminating', evicted: { reason: 'Preempted', message: 'Preempted by pod uid-urgent on node w1' } });
  t.is(pod(w, 'low-a').status, 'bound');
  t.is(pod(w, 'urgent').unschedulable?.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');

  // A scheduler started afresh while the victim terminates (a restart mid-preemption) evicts nothing more.
  const restarted = scheduler(w.models);
  t.deepEqual([...restarted.keys()].flatMap((key) => restarted.reconcile(key)), []);

  await w.send('ConfirmPodDeleted', { namespace: 'default', name: 'low-b', nodeName: 'w1' }, 'system:node:w1');
  await w.settle(w.s);
  t.like(pod(w, 'urgent'), { status: 'bound', nodeName: 'w1', nominatedNodeName: undefined });
  t.is(pod(w, 'low-a').status, 'bound');
});

test('a pod whose class says preemptionPolicy Never waits, evicting nothing, and says so', async (t) => {
  const w = await fullNode();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('polite'), spec: podSpec(2000, { priorityClassName: 'polite' }) });
  const sent = await w.settle(w.s);
  t.deepEqual(sent.map((c) => c.type), ['MarkPodUnschedulable']);
  t.is(pod(w, 'polite').unschedulable?.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
});

test('pods of equal priority are never victims', async (t) => {
  const w = await fullNode();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('peer'), spec: podSpec(2000) });
  const sent = await w.settle(w.s);
  t.deepEqual(sent.map((c) => c.type), ['MarkPodUnschedulable']);
  t.is(pod(w, 'peer').unschedulable?.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  t.deepEqual([pod(w, 'low-a').status, pod(w, 'low-b').status], ['bound', 'bound']);
});

test('the room preemption frees is kept for the nominated pod: a lower-priority pod scheduled first does not take it', async (t) => {
  const w = await fullNode();
  t.teardown(w.stop);
  await w.send('CreatePod', { meta: podMeta('urgent'), spec: podSpec(2000, { priorityClassName: 'high' }) });
  await w.settle(w.s);
  await w.send('CreatePod', { meta: podMeta('late'), spec: podSpec(2000) });
  await w.send('ConfirmPodDeleted', { namespace: 'default', name: 'low-b', nodeName: 'w1' }, 'system:node:w1');
  // The late pod's turn comes first: it sees w1 as if the nominated pod were already there.
  const late = w.s.reconcile('default.late');
  t.deepEqual(late.map((c) => c.type), ['MarkPodUnschedulable']);
  t.deepEqual(w.s.reconcile('default.urgent').map((c) => [c.type, (c.data as { nodeName?: string }).nodeName]), [['BindPod', 'w1']]);
});
