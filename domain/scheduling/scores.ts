import type { SchedulingNode, SchedulingPod } from './scheduling-input.js';
import { countUntolerated, matchesTerm } from './filters.js';

export const MAX_SCORE = 100;

/** kube-scheduler's default plugin weights: NodeResourcesFit 1, PodTopologySpread 2, NodeAffinity 2, TaintToleration 3. */
export const SCORE_WEIGHTS = { leastAllocated: 1, ownerSpread: 2, preferredAffinity: 2, preferNoSchedule: 3 } as const;

export type NodeScore = Readonly<{ name: string; score: number }>;

/** kube-scheduler's DefaultNormalizeScore: scale to 0–100 against the highest raw value among the nodes. */
export function normalizeScore(raw: number, max: number, reverse = false): number {
  if (max === 0) return reverse ? MAX_SCORE : 0;
  const score = Math.floor((MAX_SCORE * raw) / max);
  return reverse ? MAX_SCORE - score : score;
}

/** The share of `capacity` that stays free, 0–100; none when the pod would not fit. */
const leastRequested = (free: number, capacity: number) => (capacity === 0 || free < 0 ? 0 : Math.floor((free * MAX_SCORE) / capacity));

/** The share of cpu and memory left free once the pod is placed, averaged. */
export function leastAllocatedScore(pod: SchedulingPod, node: SchedulingNode): number {
  const cpu = leastRequested(node.freeCpuMillis - pod.requests.cpuMillis, node.allocatable.cpuMillis);
  const memory = leastRequested(node.freeMemoryBytes - pod.requests.memoryBytes, node.allocatable.memoryBytes);
  return Math.floor((cpu + memory) / 2);
}

/** Fewer pods of the same owner on a node scores higher. */
export const ownerSpreadScore = (ownerPods: number, maxOwnerPods: number) => normalizeScore(ownerPods, maxOwnerPods, true);

export function preferredAffinityWeight(pod: SchedulingPod, node: SchedulingNode): number {
  return pod.preferredTerms.reduce((sum, t) => (matchesTerm(t.preference, node.labels) ? sum + t.weight : sum), 0);
}

export const preferredAffinityScore = (weight: number, maxWeight: number) => normalizeScore(weight, maxWeight);

/** Tolerations without an effect count too: they tolerate every effect. */
export const untoleratedPreferNoSchedule = (pod: SchedulingPod, node: SchedulingNode) =>
  countUntolerated(node.taints, pod.tolerations, 'PreferNoSchedule');

export const preferNoScheduleScore = (untolerated: number, maxUntolerated: number) => normalizeScore(untolerated, maxUntolerated, true);

/**
 * The weighted total for any of `nodes`, normalized against the highest raw values among them. A score that
 * is the same on every node (no owner, no preferred terms, no PreferNoSchedule taint among them) is worked
 * out once, not per node: this runs on hundreds of nodes per pod.
 */
function totalScore(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): (node: SchedulingNode) => number {
  const owned = (node: SchedulingNode) => ownerCounts.get(node.name) ?? 0;
  const weight = (node: SchedulingNode) => preferredAffinityWeight(pod, node);
  const taints = (node: SchedulingNode) => (node.taints.length === 0 ? 0 : untoleratedPreferNoSchedule(pod, node));
  const byOwner = ownerCounts.size > 0;
  const byAffinity = pod.preferredTerms.length > 0;
  let [maxOwned, maxWeight, maxTaints] = [0, 0, 0];
  for (const node of nodes) {
    if (byOwner) maxOwned = Math.max(maxOwned, owned(node));
    if (byAffinity) maxWeight = Math.max(maxWeight, weight(node));
    if (node.taints.length > 0) maxTaints = Math.max(maxTaints, taints(node));
  }
  const byTaints = maxTaints > 0;
  const same =
    (byOwner ? 0 : SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(0, 0)) +
    (byAffinity ? 0 : SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(0, 0)) +
    (byTaints ? 0 : SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(0, 0));
  return (node) =>
    same +
    SCORE_WEIGHTS.leastAllocated * leastAllocatedScore(pod, node) +
    (byOwner ? SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(owned(node), maxOwned) : 0) +
    (byAffinity ? SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(weight(node), maxWeight) : 0) +
    (byTaints ? SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(taints(node), maxTaints) : 0);
}

/** The weighted total of every score for each feasible node. */
export function scoreNodes(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): NodeScore[] {
  const total = totalScore(pod, nodes, ownerCounts);
  return nodes.map((node) => ({ name: node.name, score: total(node) }));
}

/** The node bestNode(scoreNodes(…)) would pick, without building the list of scores. */
export function bestScoredNode(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): string | undefined {
  const total = totalScore(pod, nodes, ownerCounts);
  let best: NodeScore | undefined;
  for (const node of nodes) {
    const score = total(node);
    if (outranks(node.name, score, best)) best = { name: node.name, score };
  }
  return best?.name;
}

/** The highest score wins; equal scores go to the first node name, so a decision can be replayed. */
const outranks = (name: string, score: number, b: NodeScore | undefined) => !b || score > b.score || (score === b.score && name < b.name);

export function bestNode(scores: readonly NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (outranks(s.name, s.score, best)) best = s;
  return best?.name;
}
