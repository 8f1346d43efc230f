import test from 'ava';
import { choosePreemption, type RunningPod } from '../../domain/scheduling/preemption.js';
import { withPod, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { readyNode } from '../support/scheduling-fixtures.js';

/** kube-scheduler's default preemption, as a pure choice: given nodes and their pods, when pod X is pending, then victims V on node N. */

const asking = (cpuMillis: number, extra: Partial<SchedulingPod> = {}): SchedulingPod => ({
  requests: { cpuMillis, memoryBytes: 0 }, hostPorts: [], nodeSelector: {}, requiredTerms: [], preferredTerms: [], tolerations: [], ...extra,
});
const running = (key: string, priority: number, cpuMillis: number): RunningPod => ({ key, priority, pod: asking(cpuMillis) });

/** Nodes with their pods bound, as the scheduler's cache counts them. */
function cluster(layout: Record<string, { cpu: number; pods: RunningPod[]; node?: Partial<Parameters<typeof readyNode>[3]> }>) {
  const nodes: SchedulingNode[] = Object.entries(layout).map(([name, { cpu, pods, node }]) => pods.reduce((n, p) => withPod(n, p.pod), readyNode(name, cpu, 8, node)));
  return { nodes, runningOn: (name: string) => layout[name]?.pods ?? [] };
}
const keys = (result: ReturnType<typeof choosePreemption>) => ('nodeName' in result ? { node: result.nodeName, victims: result.victims.map((v) => v.key) } : result);

test('given a full node of low-priority pods, when a higher-priority pod is pending, then only as many as make room are victims, the least important first', (t) => {
  const { nodes, runningOn } = cluster({ n1: { cpu: 3000, pods: [running('low-a', 0, 1000), running('mid', 50, 1000), running('low-b', 10, 1000)] } });
  t.deepEqual(keys(choosePreemption(asking(1500), 100, nodes, runningOn)), { node: 'n1', victims: ['low-b', 'low-a'] });
  t.deepEqual(keys(choosePreemption(asking(1000), 100, nodes, runningOn)), { node: 'n1', victims: ['low-a'] });
});

test('pods of equal or higher priority are never victims: then no node can help, in kube-scheduler\'s words', (t) => {
  const { nodes, runningOn } = cluster({ n1: { cpu: 2000, pods: [running('same', 100, 1000), running('higher', 200, 1000)] } });
  t.deepEqual(keys(choosePreemption(asking(1000), 100, nodes, runningOn)), { unhelpful: '0/1 nodes are available: 1 No preemption victims found for incoming pod.' });
});

test('a node refused for what no eviction changes (a taint, a selector) is not helpful; the node with the cheapest victims wins', (t) => {
  const { nodes, runningOn } = cluster({
    tainted: { cpu: 1000, pods: [running('t-low', 0, 1000)], node: { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] } },
    costly: { cpu: 1000, pods: [running('c-mid', 50, 1000)] },
    cheap: { cpu: 1000, pods: [running('c-low-1', 1, 500), running('c-low-2', 1, 500)] },
  });
  // The lowest highest-priority victim decides before the number of victims.
  t.deepEqual(keys(choosePreemption(asking(1000), 100, nodes, runningOn)), { node: 'cheap', victims: ['c-low-1', 'c-low-2'] });
  const onlyTainted = cluster({ tainted: { cpu: 1000, pods: [running('t-low', 0, 1000)], node: { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] } }, full: { cpu: 1000, pods: [running('f', 500, 1000)] } });
  t.deepEqual(keys(choosePreemption(asking(1000), 100, onlyTainted.nodes, onlyTainted.runningOn)),
    { unhelpful: '0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.' });
});

test('with equal highest victims, the smaller sum of priorities wins, then the fewer victims', (t) => {
  const { nodes, runningOn } = cluster({
    two: { cpu: 1000, pods: [running('two-a', 5, 500), running('two-b', 5, 500)] },
    one: { cpu: 1000, pods: [running('one-a', 5, 1000)] },
  });
  t.deepEqual(keys(choosePreemption(asking(1000), 100, nodes, runningOn)), { node: 'one', victims: ['one-a'] });
});

test('a host port held by a lower-priority pod is freed by evicting that pod alone', (t) => {
  const port = 'TCP/8080';
  const holder: RunningPod = { key: 'holder', priority: 0, pod: asking(100, { hostPorts: [port] }) };
  const { nodes, runningOn } = cluster({ n1: { cpu: 4000, pods: [holder, running('other', 0, 100)] } });
  t.deepEqual(keys(choosePreemption(asking(100, { hostPorts: [port] }), 10, nodes, runningOn)), { node: 'n1', victims: ['holder'] });
});
