import test from 'ava';
import { endpointsController } from '../../application/reconcilers/endpoints.js';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { podMeta, podSpec, world } from '../support/world.js';

const withPort = (nodeName: string) => {
  const spec = podSpec(100, { nodeName });
  return { ...spec, containers: [{ ...spec.containers[0], ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] };
};
const service = {
  meta: { name: 'web', namespace: 'default', uid: 'svc-web', labels: {}, annotations: {}, ownerReferences: [] },
  spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }], clusterIP: '10.96.0.10' },
};

test('a service’s endpoints list its ready pods on their named target port, and follow them', async (t) => {
  const w = world();
  await w.addNode('w1');
  const kubelet = kubeletPods(w.models, new SimulatedRuntime(new SystemClock(), { startLatencyMs: 0, failureRate: 0 }), () => true);
  await w.send('CreatePod', { meta: podMeta('web-1'), spec: withPort('w1') });
  await w.send('CreatePod', { meta: podMeta('web-2'), spec: withPort('w1') });
  await w.send('CreatePod', { meta: { ...podMeta('other'), labels: { app: 'db' } }, spec: withPort('w1') });
  await w.settle(kubelet);
  await w.send('CreateService', service);
  const controller = endpointsController(w.models);
  await w.settle(controller);
  const [subset] = w.models.endpoints.get('default.web')!.subsets;
  t.deepEqual(subset.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.deepEqual(subset.addresses.map((a) => a.targetRef?.name).sort(), ['web-1', 'web-2']);
  t.deepEqual(await w.settle(controller), [], 'unchanged pods: nothing to do');

  await w.send('DeletePod', { namespace: 'default', name: 'web-2' });
  await w.settle(controller);
  t.deepEqual(w.models.endpoints.get('default.web')!.subsets[0].addresses.map((a) => a.targetRef?.name), ['web-1'], 'a terminating pod leaves');

  await w.send('DeleteService', { namespace: 'default', name: 'web' });
  await w.settle(controller);
  t.false(w.models.endpoints.has('default.web'));
});
