import test from 'ava';
import { countPods, nextAvailableInMs } from '../../application/reconcilers/replicaset-pods.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import type { PodView } from '../../application/projections/workload-views.js';
import { AT, world } from '../support/world.js';
import { livePods, replicaSetData, roundOf, runKubelets } from '../support/workload-fixtures.js';

const at = (seconds: number) => Date.parse(AT) + seconds * 1000;
const pod = (name: string, ready: boolean, readySince?: string): PodView => ({
  meta: { name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, creationTimestamp: AT },
  spec: { containers: [] }, phase: 'Running', status: 'bound', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  containerStatuses: [], ...(readySince ? { readySince } : {}),
} as unknown as PodView);

test('a ready pod counts as available only once it has been ready for minReadySeconds', (t) => {
  // Given two pods ready since AT and AT+5s, and one not ready
  const pods = [pod('a', true, AT), pod('b', true, new Date(at(5)).toISOString()), pod('c', false)];
  // When counted with minReadySeconds 10 at several times, then
  t.deepEqual(countPods(pods, 10, at(9)), { replicas: 3, ready: 2, available: 0 });
  t.deepEqual(countPods(pods, 10, at(10)), { replicas: 3, ready: 2, available: 1 });
  t.deepEqual(countPods(pods, 10, at(15)), { replicas: 3, ready: 2, available: 2 });
  t.deepEqual(countPods(pods, 0, at(0)), { replicas: 3, ready: 2, available: 2 }, 'without minReadySeconds, ready is available');
  t.is(nextAvailableInMs(pods, 10, at(9)), 1000);
  t.is(nextAvailableInMs(pods, 10, at(12)), 3000);
  t.is(nextAvailableInMs(pods, 10, at(15)), undefined, 'nothing left to wait for');
});

test('a pod is ready since the report that turned its Ready condition True, until a report says it is not', async (t) => {
  const w = world();
  await w.addNode('n1');
  const rsc = replicaSetController(w.models, w.ids, { nowMs: () => at(0) });
  await w.send('CreateReplicaSet', { ...replicaSetData('web', 1), minReadySeconds: 10 });
  await w.sendAll(await roundOf(rsc), rsc.actor);
  const [created] = livePods(w.models);
  t.is(created.readySince, undefined);
  await w.send('BindPod', { namespace: 'default', name: created.meta.name, nodeName: 'n1' });
  // Given a kubelet that reports the pod Running and Ready (at AT, the world's time)
  await runKubelets(w);
  t.is(livePods(w.models)[0].readySince, AT);
  // When it reports it not ready, then
  await w.send('ReportPodStatus', { namespace: 'default', name: created.meta.name, nodeName: 'n1', phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [] }, 'system:node:n1');
  t.is(livePods(w.models)[0].readySince, undefined);
});

test('the ReplicaSet reports its pods available once minReadySeconds have passed, and asks to be looked at again then', async (t) => {
  const now = { ms: at(0) };
  const w = world();
  await w.addNode('n1');
  const rsc = replicaSetController(w.models, w.ids, { nowMs: () => now.ms });
  // Given a ReplicaSet of 2 with minReadySeconds 30 whose pods turn ready at AT
  await w.send('CreateReplicaSet', { ...replicaSetData('web', 2), minReadySeconds: 30 });
  await w.sendAll(await roundOf(rsc), rsc.actor);
  for (const p of livePods(w.models)) await w.send('BindPod', { namespace: 'default', name: p.meta.name, nodeName: 'n1' });
  await runKubelets(w);
  // When it is reconciled 20 s later
  now.ms = at(20);
  await w.sendAll(await roundOf(rsc), rsc.actor);
  // Then they are ready, not yet available, and it wants another look in 10 s
  t.like(w.models.replicaSets.get('default.web')!.status, { replicas: 2, readyReplicas: 2, availableReplicas: 0 });
  t.is(rsc.requeueAfterMs!('default.web'), 10_000);
  // When it is reconciled once 30 s have passed, then they are available and nothing is left to wait for
  now.ms = at(30);
  await w.sendAll(await roundOf(rsc), rsc.actor);
  t.like(w.models.replicaSets.get('default.web')!.status, { readyReplicas: 2, availableReplicas: 2 });
  t.is(rsc.requeueAfterMs!('default.web'), undefined);
});
