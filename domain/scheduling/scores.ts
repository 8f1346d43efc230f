import type { ResourceAmounts } from '../pod/pod-spec.js';
import { NodeTable } from './node-table.js';
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
export const leastAllocatedScore = (pod: SchedulingPod, node: SchedulingNode): number =>
  leastAllocated(pod.requests, node.freeCpuMillis, node.allocatable.cpuMillis, node.freeMemoryBytes, node.allocatable.memoryBytes);

function leastAllocated(requests: ResourceAmounts, freeCpu: number, allocatableCpu: number, freeMemory: number, allocatableMemory: number): number {
  return Math.floor((leastRequested(freeCpu - requests.cpuMillis, allocatableCpu) + leastRequested(freeMemory - requests.memoryBytes, allocatableMemory)) / 2);
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
 * The weighted total for any of the `feasible` nodes of `table` (by index), normalized against the highest
 * raw values among them. A score that is the same on every one of them (no owner, no preferred terms, no
 * PreferNoSchedule taint) is worked out once, not per node: this runs on hundreds of nodes per pod.
 */
function totalScore(
  pod: SchedulingPod,
  table: NodeTable,
  feasible: readonly number[],
  ownerCounts: ReadonlyMap<string, number>,
  placement?: ReadonlyMap<number, number>,
): (index: number) => number {
  const { freeCpuMillis, freeMemoryBytes, allocatableCpuMillis, allocatableMemoryBytes, tainted } = table.columns;
  const owned = (index: number) => ownerCounts.get(table.at(index).name) ?? 0;
  const weight = (index: number) => preferredAffinityWeight(pod, table.at(index));
  const taints = (index: number) => (tainted[index] === 0 ? 0 : untoleratedPreferNoSchedule(pod, table.at(index)));
  const byOwner = ownerCounts.size > 0;
  const byAffinity = pod.preferredTerms.length > 0;
  let [maxOwned, maxWeight, maxTaints] = [0, 0, 0];
  for (const index of feasible) {
    if (byOwner) maxOwned = Math.max(maxOwned, owned(index));
    if (byAffinity) maxWeight = Math.max(maxWeight, weight(index));
    if (tainted[index] === 1) maxTaints = Math.max(maxTaints, taints(index));
  }
  const byTaints = maxTaints > 0;
  const same =
    (byOwner ? 0 : SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(0, 0)) +
    (byAffinity ? 0 : SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(0, 0)) +
    (byTaints ? 0 : SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(0, 0));
  return (index) =>
    same +
    (placement ? (placement.get(index) ?? 0) : 0) +
    SCORE_WEIGHTS.leastAllocated *
      leastAllocated(pod.requests, freeCpuMillis[index]!, allocatableCpuMillis[index]!, freeMemoryBytes[index]!, allocatableMemoryBytes[index]!) +
    (byOwner ? SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(owned(index), maxOwned) : 0) +
    (byAffinity ? SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(weight(index), maxWeight) : 0) +
    (byTaints ? SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(taints(index), maxTaints) : 0);
}

/** The weighted total of every score for each of `nodes`, all feasible. */
export function scoreNodes(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): NodeScore[] {
  const table = NodeTable.of(nodes);
  const all = table.nodes.map((_, index) => index);
  const total = totalScore(pod, table, all, ownerCounts);
  return all.map((index) => ({ name: table.at(index).name, score: total(index) }));
}

/**
 * The node bestNode(scoreNodes(…)) would pick (plus `placement`, the weighted pod affinity and spread score of each index) among the `feasible` nodes of `table`, without building the
 * list of scores: equal scores go to the first name, found by the table's name rank.
 */
export function bestScoredNode(
  pod: SchedulingPod,
  table: NodeTable,
  feasible: readonly number[],
  ownerCounts: ReadonlyMap<string, number>,
  placement?: ReadonlyMap<number, number>,
): string | undefined {
  const total = totalScore(pod, table, feasible, ownerCounts, placement);
  let [best, bestScore, bestRank] = [-1, 0, 0];
  for (const index of feasible) {
    const score = total(index);
    if (best >= 0 && score < bestScore) continue;
    const rank = table.rank(index);
    if (best < 0 || score > bestScore || rank < bestRank) [best, bestScore, bestRank] = [index, score, rank];
  }
  return best < 0 ? undefined : table.at(best).name;
}

/** The highest score wins; equal scores go to the first node name, so a decision can be replayed. */
export function bestNode(scores: readonly NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (!best || s.score > best.score || (s.score === best.score && s.name < best.name)) best = s;
  return best?.name;
}
