import test from 'ava';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { namespaceController } from '../../application/reconcilers/namespace.js';
import { podGarbageCollector } from '../../application/reconcilers/pod-gc.js';
import { reconcileTaintEviction } from '../../application/reconcilers/taint-eviction.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { podMeta, podSpec, world } from '../support/world.js';

const SINCE = Date.parse('2026-11-27T10:00:00.000Z');

test('a node that is not Ready is tainted NoExecute, its pods evicted after their toleration, untainted when Ready', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CreatePod', { meta: podMeta('default-toleration'), spec: podSpec(100, { nodeName: 'w1' }) });
  const fast = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }];
  await w.send('CreatePod', { meta: podMeta('short-toleration'), spec: podSpec(100, { nodeName: 'w1', tolerations: fast }) });
  const reconcileAt = (nowMs: number) => reconcileTaintEviction(w.models.nodes.get('w1')!, [...w.models.pods], nowMs, 300);

  t.deepEqual(reconcileAt(SINCE), [], 'a Ready node is left alone');
  await w.send('ReportNodeReadiness', { name: 'w1', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  const tainting = reconcileAt(SINCE);
  t.like(tainting[0], { type: 'SetNodeTaints', data: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } });
  await w.sendAll(tainting, 'system:kes-controller-manager');
  t.deepEqual(reconcileAt(SINCE + 1000), [], 'before any toleration runs out, nothing');
  const since = Date.parse(w.models.nodes.get('w1')!.readiness.since);
  t.deepEqual(reconcileAt(since + 5000).map((c) => (c.data as { name: string }).name), ['short-toleration']);
  t.deepEqual(reconcileAt(since + 300_000).map((c) => (c.data as { name: string }).name), ['default-toleration', 'short-toleration']);
  await w.send('ReportNodeReadiness', { name: 'w1', status: 'True', reason: 'KubeletReady', message: '' });
  t.like(reconcileAt(since + 300_000), [{ type: 'SetNodeTaints', data: { taints: [] } }], 'Ready again: the taint goes, nobody is evicted');
});

test('pods of a deleted node are deleted by the pod garbage collector', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CreatePod', { meta: podMeta('orphan'), spec: podSpec(100, { nodeName: 'w1' }) });
  const gc = podGarbageCollector(w.models);
  t.deepEqual(await w.settle(gc), []);
  await w.send('DeleteNode', { name: 'w1' });
  const sent = await w.settle(gc);
  t.deepEqual(sent.map((c) => c.type), ['ConfirmPodDeleted']);
  t.false(w.models.pods.has('default.orphan'));
});

test('deleting a namespace deletes everything in it, then the namespace itself', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CreateNamespace', { meta: { name: 'team-a', uid: 'ns-a', labels: {} } });
  const inTeam = (name: string) => ({ ...podMeta(name), namespace: 'team-a' });
  await w.send('CreatePod', { meta: inTeam('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  await w.send('CreatePod', { meta: inTeam('b'), spec: podSpec(100) });
  await w.send('CreatePod', { meta: podMeta('elsewhere'), spec: podSpec(100) });
  const objectMeta = (name: string) => ({ name, namespace: 'team-a', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });
  await w.send('CreateService', { meta: objectMeta('web'), spec: { type: 'ClusterIP', selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] } });
  await w.send('SetEndpoints', { namespace: 'team-a', name: 'web', subsets: [] });
  await w.send('CreateConfigMap', { meta: objectMeta('settings'), data: { mode: 'fast' } });
  await w.send('CreateSecret', { meta: objectMeta('token'), type: 'Opaque', keyId: 'key-1', encryptedData: { value: 'Y2lwaGVy' } });
  const controller = namespaceController(w.models);
  const kubelet = kubeletPods(w.models, new SimulatedRuntime(new SystemClock(), { startLatencyMs: 0, failureRate: 0 }), () => true);
  await w.settle(kubelet);
  await w.send('DeleteNamespace', { name: 'team-a' });
  for (let round = 0; round < 5 && w.models.namespaces.has('team-a'); round++) {
    await w.settle(controller);
    await w.settle(kubelet);
  }
  t.false(w.models.namespaces.has('team-a'));
  t.deepEqual([...w.models.pods.keys()], ['default.elsewhere']);
  const left = [w.models.services, w.models.endpoints, w.models.configMaps, w.models.secrets].map((m) => [...m.keys()]);
  t.deepEqual(left, [[], [], [], []], 'Services, Endpoints, ConfigMaps and Secrets went with the namespace');
  t.deepEqual(await w.settle(controller), [], 'nothing more to do');
});
