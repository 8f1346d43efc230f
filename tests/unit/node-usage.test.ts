import test from 'ava';
import { simulatedNodeUsage } from '../../application/queries/node-usage.js';
import { SIMULATED_NODE_BASE, simulatedContainerUsage } from '../../domain/metrics/simulated-usage.js';
import { podMeta, podSpec, world } from '../support/world.js';

const resources = (cpuMillis: number, memoryBytes: number) => ({ resources: { requests: { cpuMillis, memoryBytes } } });

test('a container on a simulated node uses half what it requests, and a floor when it requests nothing', (t) => {
  t.deepEqual(simulatedContainerUsage(resources(200, 128 * 2 ** 20)), { cpuNanoCores: 100_000_000, memoryBytes: 64 * 2 ** 20 });
  t.deepEqual(simulatedContainerUsage(resources(0, 0)), { cpuNanoCores: 1_000_000, memoryBytes: 4 * 2 ** 20 });
});

test('a simulated node uses its base plus what its Running pods use; pods not running count for nothing', async (t) => {
  const w = world();
  await w.addNode('sim-1');
  await w.send('CreatePod', { meta: podMeta('running'), spec: podSpec(100, { nodeName: 'sim-1' }) });
  await w.send('CreatePod', { meta: podMeta('pending'), spec: podSpec(300, { nodeName: 'sim-1' }) });
  await w.send('ReportPodStatus', { namespace: 'default', name: 'running', nodeName: 'sim-1', phase: 'Running', conditions: [], containerStatuses: [] }, 'system:node:sim-1');
  const usage = simulatedNodeUsage(w.models, 'sim-1', '2026-11-27T10:00:00.000Z');
  t.deepEqual(usage.pods, [{ namespace: 'default', name: 'running', containers: [{ name: 'app', cpuNanoCores: 50_000_000, memoryBytes: 32 * 2 ** 20 }] }]);
  t.is(usage.cpuNanoCores, SIMULATED_NODE_BASE.cpuNanoCores + 50_000_000);
  t.is(usage.memoryBytes, SIMULATED_NODE_BASE.memoryBytes + 32 * 2 ** 20);
});
