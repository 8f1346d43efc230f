import test from 'ava';
import type { TopologySpreadConstraint } from '../../domain/pod/pod-spec.js';
import { placementFilter } from '../../domain/scheduling/placement.js';
import { schedule } from '../../domain/scheduling/schedule.js';
import { withPod, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { on, podsOnNodes, podWith, readyNode } from '../support/scheduling-fixtures.js';

/** Given/when/then for kube-scheduler's PodTopologySpread: DoNotSchedule filters, ScheduleAnyway scores. */

const ZONE = 'topology.kubernetes.io/zone';
const node = (name: string, zone?: string, labels: Record<string, string> = {}): SchedulingNode =>
  readyNode(name, 4000, 8, { labels: { 'kubernetes.io/hostname': name, ...(zone ? { [ZONE]: zone } : {}), ...labels } });
const nodes = [node('a1', 'a'), node('a2', 'a'), node('b1', 'b')];

const constraint = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra,
});
const spreading = (extra: Partial<TopologySpreadConstraint> = {}, spec = {}) =>
  podWith({ app: 'web' }, { topologySpreadConstraints: [constraint(extra)], ...spec });
const web = () => podWith({ app: 'web' });

function verdicts(pod: SchedulingPod, placed: ReturnType<typeof on>[], candidates = nodes): Record<string, string> {
  const filter = placementFilter(pod, candidates, podsOnNodes(candidates, placed));
  return Object.fromEntries(candidates.map((n) => [n.name, filter?.(n) ?? 'fits']));
}

const SKEW = "node(s) didn't match pod topology spread constraints";

test('given two web pods in zone a and one in b, when a web pod with maxSkew 1 comes, then zone a is refused and zone b fits', (t) => {
  const placed = [on('a1', web()), on('a2', web()), on('b1', web())];
  t.deepEqual(verdicts(spreading(), placed), { a1: SKEW, a2: SKEW, b1: 'fits' });
});

test('given pods only in zone a, when maxSkew is 2, then one more in zone a is still within the skew', (t) => {
  t.deepEqual(verdicts(spreading({ maxSkew: 2 }), [on('a1', web())]), { a1: 'fits', a2: 'fits', b1: 'fits' });
  t.deepEqual(verdicts(spreading({ maxSkew: 1 }), [on('a1', web())]), { a1: SKEW, a2: SKEW, b1: 'fits' });
});

test('a node without the topology key is refused with the missing-label reason, and is no domain', (t) => {
  const bare = node('x1');
  t.deepEqual(verdicts(spreading(), [on('a1', web())], [...nodes, bare]), {
    a1: SKEW, a2: SKEW, b1: 'fits', x1: "node(s) didn't match pod topology spread constraints (missing required label)",
  });
});

test('only pods the selector matches, in the pod\'s namespace, are counted', (t) => {
  const placed = [on('a1', podWith({ app: 'db' })), on('a2', podWith({ app: 'web' }, {}, 'shop'))];
  t.deepEqual(verdicts(spreading(), placed), { a1: 'fits', a2: 'fits', b1: 'fits' });
});

test('minDomains above the number of domains makes the global minimum 0', (t) => {
  const placed = [on('a1', web()), on('b1', web())];
  t.deepEqual(verdicts(spreading(), placed), { a1: 'fits', a2: 'fits', b1: 'fits' });
  t.deepEqual(verdicts(spreading({ minDomains: 3 }), placed), { a1: SKEW, a2: SKEW, b1: SKEW });
});

test('nodeAffinityPolicy Honor (the default) leaves out of the domains the nodes the pod cannot go to; Ignore counts them', (t) => {
  const cz = node('c1', 'c', { disk: 'hdd' });
  const ssd = (n: SchedulingNode) => ({ ...n, labels: { ...n.labels, disk: 'ssd' } });
  const candidates = [...nodes.map(ssd), cz];
  const placed = [on('a1', web()), on('b1', web())];
  const onSsd = { nodeSelector: { disk: 'ssd' } };
  t.deepEqual(verdicts(spreading({}, onSsd), placed, candidates), { a1: 'fits', a2: 'fits', b1: 'fits', c1: 'fits' }, 'zone c is no domain: the minimum is 1');
  t.is(verdicts(spreading({ nodeAffinityPolicy: 'Ignore' }, onSsd), placed, candidates).a1, SKEW, 'zone c (empty) counts: the minimum is 0');
});

test('a pod the selector does not match itself adds nothing to the skew', (t) => {
  const other = podWith({ app: 'batch' }, { topologySpreadConstraints: [constraint()] });
  t.deepEqual(verdicts(other, [on('a1', web())]), { a1: 'fits', a2: 'fits', b1: 'fits' });
});

test('given replicas scheduled one after another with maxSkew 1 on uneven zones, then they spread evenly over the zones', (t) => {
  let table = [node('s1', 'a'), node('s2', 'b'), node('s3', 'a')];
  const placed: ReturnType<typeof on>[] = [];
  for (let i = 0; i < 4; i++) {
    const pod = spreading();
    const result = schedule(pod, table, new Map(), { pods: podsOnNodes(table, placed) });
    if (!('nodeName' in result)) return t.fail(result.unschedulable);
    placed.push(on(result.nodeName, pod));
    table = table.map((n) => (n.name === result.nodeName ? withPod(n, pod) : n));
  }
  const zones = placed.map((p) => table.find((n) => n.name === p.nodeName)!.labels[ZONE]);
  t.deepEqual([zones.filter((z) => z === 'a').length, zones.filter((z) => z === 'b').length], [2, 2]);
});

test('ScheduleAnyway never filters, and scores the emptier domain higher', (t) => {
  const placed = [on('a1', web()), on('a2', web())];
  const pod = spreading({ whenUnsatisfiable: 'ScheduleAnyway' });
  t.deepEqual(verdicts(pod, placed), { a1: 'fits', a2: 'fits', b1: 'fits' });
  t.like(schedule(pod, nodes, new Map(), { pods: podsOnNodes(nodes, placed) }), { nodeName: 'b1' });
});

test('the reason of a spread pod that fits nowhere, counted over the nodes', (t) => {
  const placed = [on('a1', web()), on('a2', web())];
  const full = readyNode('b1', 50, 8, { labels: { [ZONE]: 'b' } });
  const candidates = [nodes[0]!, nodes[1]!, full, node('x1')];
  const result = schedule(spreading(), candidates, new Map(), { pods: podsOnNodes(candidates, placed) });
  t.deepEqual(result, {
    unschedulable:
      "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints (missing required label), 2 node(s) didn't match pod topology spread constraints.",
  });
});
