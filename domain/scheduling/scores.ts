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

const leastRequested = (requested: number, capacity: number) =>
  capacity === 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_SCORE) / capacity);

/** The share of cpu and memory left free once the pod is placed, averaged. */
export function leastAllocatedScore(pod: SchedulingPod, node: SchedulingNode): number {
  const cpu = leastRequested(node.requested.cpuMillis + pod.requests.cpuMillis, node.allocatable.cpuMillis);
  const memory = leastRequested(node.requested.memoryBytes + pod.requests.memoryBytes, node.allocatable.memoryBytes);
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
 * The weighted total of every score for each feasible node. Plain loops, and the scores that cannot differ
 * (no owner, no preferred terms, no taints) skipped: it runs on hundreds of nodes for every pod.
 */
export function scoreNodes(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): NodeScore[] {
  const owned = new Array<number>(nodes.length);
  const weights = new Array<number>(nodes.length);
  const taints = new Array<number>(nodes.length);
  let [maxOwned, maxWeight, maxTaints] = [0, 0, 0];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    owned[i] = ownerCounts.size === 0 ? 0 : (ownerCounts.get(node.name) ?? 0);
    weights[i] = pod.preferredTerms.length === 0 ? 0 : preferredAffinityWeight(pod, node);
    taints[i] = node.taints.length === 0 ? 0 : untoleratedPreferNoSchedule(pod, node);
    maxOwned = Math.max(maxOwned, owned[i]);
    maxWeight = Math.max(maxWeight, weights[i]);
    maxTaints = Math.max(maxTaints, taints[i]);
  }
  const scores = new Array<NodeScore>(nodes.length);
  for (let i = 0; i < nodes.length; i++)
    scores[i] = {
      name: nodes[i].name,
      score:
        SCORE_WEIGHTS.leastAllocated * leastAllocatedScore(pod, nodes[i]) +
        SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(owned[i], maxOwned) +
        SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(weights[i], maxWeight) +
        SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(taints[i], maxTaints),
    };
  return scores;
}

/**
 * The node scoreNodes would pick, without building a score per node: the same raw values and weights, the
 * highest total, ties to the first name. It runs on hundreds of nodes for every pod.
 */
export function bestScoredNode(pod: SchedulingPod, nodes: readonly SchedulingNode[], ownerCounts: ReadonlyMap<string, number>): string | undefined {
  let [maxOwned, maxWeight, maxTaints] = [0, 0, 0];
  const owned = (node: SchedulingNode) => (ownerCounts.size === 0 ? 0 : (ownerCounts.get(node.name) ?? 0));
  const weight = (node: SchedulingNode) => (pod.preferredTerms.length === 0 ? 0 : preferredAffinityWeight(pod, node));
  const taints = (node: SchedulingNode) => (node.taints.length === 0 ? 0 : untoleratedPreferNoSchedule(pod, node));
  for (const node of nodes) {
    maxOwned = Math.max(maxOwned, owned(node));
    maxWeight = Math.max(maxWeight, weight(node));
    maxTaints = Math.max(maxTaints, taints(node));
  }
  let best: NodeScore | undefined;
  for (const node of nodes) {
    const score =
      SCORE_WEIGHTS.leastAllocated * leastAllocatedScore(pod, node) +
      SCORE_WEIGHTS.ownerSpread * ownerSpreadScore(owned(node), maxOwned) +
      SCORE_WEIGHTS.preferredAffinity * preferredAffinityScore(weight(node), maxWeight) +
      SCORE_WEIGHTS.preferNoSchedule * preferNoScheduleScore(taints(node), maxTaints);
    if (!best || score > best.score || (score === best.score && node.name < best.name)) best = { name: node.name, score };
  }
  return best?.name;
}

/** The highest score wins; equal scores go to the first node name, so a decision can be replayed. */
export function bestNode(scores: readonly NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (!best || s.score > best.score || (s.score === best.score && s.name < best.name)) best = s;
  return best?.name;
}
