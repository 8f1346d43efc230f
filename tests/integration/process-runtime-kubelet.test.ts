import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { alive, nodeContainer, pidOf, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';
import { podMeta, world } from '../support/world.js';

test('the kubelet pod loop runs a pod as processes, reports it Running and Ready, and stops and removes it on delete', async (t) => {
  const w = world();
  await w.addNode('w1');
  const { runtime, root } = await processRuntime(t);
  const kubelet = kubeletPods(w.models, runtime, (name) => name === 'w1');
  const server = "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1')";
  const web = nodeContainer('web', server, {
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    readinessProbe: { handler: { httpGet: { path: '/', port: 'http' } }, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  });
  const spec = { containers: [web], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 5, nodeName: 'w1' };
  await w.send('CreatePod', { meta: podMeta('web'), spec });
  const pod = () => w.models.pods.get('default.web');
  await eventually(async () => (await w.settle(kubelet), pod()), (p) => p?.phase === 'Running' && p.containerStatuses[0]?.ready === true);
  t.like(pod()!.conditions.find((c) => c.type === 'Ready'), { status: 'True' });
  t.is(pod()!.podIP, '127.0.0.1');
  const pid = pidOf(root, 'default.web', 'web')!;
  t.true(alive(pid));

  await w.send('DeletePod', { namespace: 'default', name: 'web' });
  await eventually(async () => (await w.settle(kubelet), pod()), (p) => p === undefined);
  t.false(alive(pid));
  t.false(existsSync(join(root, 'pods/default.web')));
  t.deepEqual([...runtime.pods()], []);
});
