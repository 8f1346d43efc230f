import test from 'ava';
import type { Container, PodSpec } from '../../domain/pod/pod-spec.js';
import { feasibleNodesToFind, schedule, unschedulableMessage } from '../../domain/scheduling/schedule.js';
import { schedulingPodOf, withPod, withoutPod, type NodeDescription, type SchedulingNode } from '../../domain/scheduling/scheduling-input.js';
import { GiB, readyNode } from '../support/scheduling-fixtures.js';
import { CONTROL_PLANE_TAINT } from '../../domain/shared/taints.js';

const node = (name: string, overrides: Partial<NodeDescription> = {}): SchedulingNode => readyNode(name, 2000, 4, overrides);
const container = (cpuMillis: number, hostPort?: number): Container => ({
  name: 'app',
  image: 'busybox',
  env: [],
  ports: [{ containerPort: 8080, hostPort, protocol: 'TCP' }],
  resources: { requests: { cpuMillis, memoryBytes: 256 * 2 ** 20 } },
  volumeMounts: [],
});
const spec = (overrides: Partial<PodSpec> = {}): PodSpec => ({
  containers: [container(500)],
  volumes: [],
  nodeSelector: {},
  tolerations: [],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  ...overrides,
});
const master = node('master', { taints: [CONTROL_PLANE_TAINT] });

test('the message counts each reason and sorts the entries as kube-scheduler does', (t) => {
  const reasons = new Map([
    ['w1', ['Insufficient cpu']],
    ['master', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']],
    ['w2', ['Insufficient cpu']],
  ]);
  t.is(unschedulableMessage(3, reasons), '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
});

test('a node lacking cpu and memory counts under both reasons', (t) => {
  const reasons = new Map([['w1', ['Insufficient cpu', 'Insufficient memory']], ['w2', ['Insufficient memory']]]);
  t.is(unschedulableMessage(2, reasons), '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.');
});

test('the count is part of the sort key, as in Go sort.Strings', (t) => {
  const reasons = new Map<string, string[]>();
  for (let i = 0; i < 10; i++) reasons.set(`w${i}`, ['Insufficient cpu']);
  reasons.set('x1', ['Too many pods']);
  reasons.set('x2', ['Too many pods']);
  t.is(unschedulableMessage(12, reasons), '0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.');
  t.is(unschedulableMessage(0, new Map()), 'no nodes available to schedule pods');
});

test('a pod fitting nowhere gets the whole cluster counted in the message', (t) => {
  const big = schedulingPodOf(spec({ containers: [container(3000)] }));
  t.deepEqual(schedule(big, [master, node('w1'), node('w2')]), {
    unschedulable: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
  });
});

test('the tainted master is never chosen, however empty it is', (t) => {
  const busy = node('w1', { requested: { cpuMillis: 1500, memoryBytes: GiB, pods: 3 } });
  t.deepEqual(schedule(schedulingPodOf(spec()), [master, busy]), { nodeName: 'w1', examined: 2 });
});

test('pods of one owner spread over the nodes as they are bound', (t) => {
  const pod = schedulingPodOf(spec());
  let nodes = [node('w1'), node('w2'), node('w3')];
  const owned = new Map<string, number>();
  const placed: string[] = [];
  for (let i = 0; i < 6; i++) {
    const result = schedule(pod, nodes, owned);
    if (!('nodeName' in result)) return t.fail(result.unschedulable);
    placed.push(result.nodeName);
    owned.set(result.nodeName, (owned.get(result.nodeName) ?? 0) + 1);
    nodes = nodes.map((n) => (n.name === result.nodeName ? withPod(n, pod) : n));
  }
  t.deepEqual([...placed].sort(), ['w1', 'w1', 'w2', 'w2', 'w3', 'w3']);
});

test('a host port taken on one node sends the next pod elsewhere; leaving frees it', (t) => {
  const pod = schedulingPodOf(spec({ containers: [container(100, 9090)] }));
  t.deepEqual(pod.hostPorts, ['TCP/9090']);
  const w1 = withPod(node('w1'), pod);
  t.deepEqual(schedule(pod, [w1, node('w2', { requested: { cpuMillis: 1900, memoryBytes: 0, pods: 1 } })]), { nodeName: 'w2', examined: 2 });
  t.deepEqual(withoutPod(w1, pod), node('w1'));
});

test('large clusters are sampled as kube-scheduler does, from the start index on', (t) => {
  t.is(feasibleNodesToFind(50), 50);
  t.is(feasibleNodesToFind(1000), 420);
  t.is(feasibleNodesToFind(5000), 500);
  t.is(feasibleNodesToFind(100_000), 5000);
  const nodes = ['a', 'b', 'c', 'd'].map((n) => node(n));
  t.deepEqual(schedule(schedulingPodOf(spec()), nodes, new Map(), { feasibleNodesToFind: 1, startIndex: 2 }), { nodeName: 'c', examined: 1 });
});
