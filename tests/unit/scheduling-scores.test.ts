import test from 'ava';
import { NodeTable } from '../../domain/scheduling/node-table.js';
import { type NodeDescription, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { GiB, readyNode } from '../support/scheduling-fixtures.js';
import {
  bestNode,
  bestScoredNode,
  leastAllocatedScore,
  normalizeScore,
  ownerSpreadScore,
  preferNoScheduleScore,
  preferredAffinityScore,
  preferredAffinityWeight,
  scoreNodes,
  untoleratedPreferNoSchedule,
} from '../../domain/scheduling/scores.js';

const node = (name: string, overrides: Partial<NodeDescription> = {}): SchedulingNode => readyNode(name, 4000, 8, overrides);
const pod = (overrides: Partial<SchedulingPod> = {}): SchedulingPod => ({
  requests: { cpuMillis: 1000, memoryBytes: 2 * GiB },
  hostPorts: [],
  nodeSelector: {},
  requiredTerms: [],
  preferredTerms: [],
  tolerations: [],
  ...overrides,
});

test('least allocated: the share of cpu and memory left once the pod is placed', (t) => {
  t.is(leastAllocatedScore(pod(), node('a')), 75);
  t.is(leastAllocatedScore(pod(), node('b', { requested: { cpuMillis: 2000, memoryBytes: 0, pods: 1 } })), 50);
  t.is(leastAllocatedScore(pod(), node('c', { requested: { cpuMillis: 4000, memoryBytes: 8 * GiB, pods: 4 } })), 0);
});

test('normalizing scales against the highest value, reversed when less is better', (t) => {
  t.is(normalizeScore(3, 4), 75);
  t.is(normalizeScore(3, 4, true), 25);
  t.is(normalizeScore(0, 0), 0);
  t.is(normalizeScore(0, 0, true), 100);
});

test('a node with fewer pods of the same owner scores higher', (t) => {
  t.is(ownerSpreadScore(0, 2), 100);
  t.is(ownerSpreadScore(1, 2), 50);
  t.is(ownerSpreadScore(2, 2), 0);
  t.is(ownerSpreadScore(0, 0), 100);
});

test('preferred node affinity sums the weights of the matching terms', (t) => {
  const p = pod({
    preferredTerms: [
      { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
      { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
    ],
  });
  t.is(preferredAffinityWeight(p, node('a', { labels: { disk: 'ssd', zone: 'z1' } })), 100);
  t.is(preferredAffinityWeight(p, node('b', { labels: { zone: 'z1' } })), 20);
  t.is(preferredAffinityWeight(p, node('c')), 0);
  t.is(preferredAffinityScore(20, 100), 20);
  t.is(preferredAffinityScore(0, 0), 0);
});

test('fewer untolerated PreferNoSchedule taints score higher', (t) => {
  const spot = node('a', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }, { key: 'gpu', effect: 'NoSchedule' }] });
  t.is(untoleratedPreferNoSchedule(pod(), spot), 1);
  t.is(untoleratedPreferNoSchedule(pod({ tolerations: [{ key: 'spot', operator: 'Exists' }] }), spot), 0);
  t.is(preferNoScheduleScore(0, 1), 100);
  t.is(preferNoScheduleScore(1, 1), 0);
});

test('the weighted total prefers spreading an owner over packing', (t) => {
  const nodes = [node('a'), node('b', { requested: { cpuMillis: 1000, memoryBytes: 2 * GiB, pods: 1 } })];
  const scores = scoreNodes(pod(), nodes, new Map([['a', 1]]));
  t.is(bestNode(scores), 'b');
  t.is(bestNode(scoreNodes(pod(), nodes, new Map())), 'a');
});

test('equal scores go to the first node by name', (t) => {
  t.is(bestNode([{ name: 'w2', score: 300 }, { name: 'w10', score: 300 }, { name: 'w3', score: 100 }]), 'w10');
  t.is(bestNode([]), undefined);
});

test('bestScoredNode picks what the full scoring picks, over many mixed clusters', (t) => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let round = 0; round < 200; round++) {
    const nodes = Array.from({ length: 1 + random(30) }, (_, i) =>
      node(`n${random(40)}-${i}`, {
        labels: { zone: `z${random(3)}` },
        taints: random(4) === 0 ? [{ key: 'slow', effect: 'PreferNoSchedule' }] : [],
        requested: { cpuMillis: random(4000), memoryBytes: random(8) * GiB, pods: random(50) },
      }),
    );
    const owners = new Map(nodes.filter(() => random(2) === 0).map((n) => [n.name, random(5)]));
    const preferred = random(2) === 0 ? [{ weight: 1 + random(100), preference: { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['z1'] }] } }] : [];
    const p = pod({ requests: { cpuMillis: random(2000), memoryBytes: random(4) * GiB }, preferredTerms: preferred });
    t.is(bestScoredNode(p, NodeTable.of(nodes), nodes.map((_, i) => i), owners), bestNode(scoreNodes(p, nodes, owners)));
  }
});
