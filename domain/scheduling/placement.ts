import { affinityReason, affinityState, affinityWeights, type PodsOnNodes } from './inter-pod-affinity.js';
import type { NodeTable } from './node-table.js';
import type { SchedulingNode, SchedulingPod } from './scheduling-input.js';
import { spreadReason, spreadScores, spreadState } from './topology-spread.js';

/**
 * The filters and scores that look at other pods (PodTopologySpread, InterPodAffinity), prepared once per pod
 * as kube-scheduler's PreFilter and PreScore do. Both are undefined when there is nothing to check: a pod
 * without affinity or spread constraints, in a cluster where no placed pod has anti-affinity, costs nothing.
 */

export type PlacementFilter = (node: SchedulingNode) => string | undefined;

/** kube-scheduler runs PodTopologySpread before InterPodAffinity; both after the node's own filters. */
export function placementFilter(pod: SchedulingPod, nodes: readonly SchedulingNode[], pods: PodsOnNodes): PlacementFilter | undefined {
  const spread = pod.placement ? spreadState(pod, nodes, pods) : undefined;
  const affinity = affinityState(pod, pods);
  if (!spread && !affinity) return undefined;
  return (node) => (spread && spreadReason(pod, node, spread)) || (affinity && affinityReason(pod, node, affinity)) || undefined;
}

/** kube-scheduler's default weights of the two score plugins. */
export const PLACEMENT_WEIGHTS = { podTopologySpread: 2, interPodAffinity: 2 } as const;

const MAX_SCORE = 100;

/** InterPodAffinity's NormalizeScore: min–max scaled to 0–100 (all 0 when every node has the same raw score). */
function minMaxNormalized(raw: readonly number[]): number[] {
  const [min, max] = [Math.min(...raw), Math.max(...raw)];
  return raw.map((s) => (max - min > 0 ? Math.floor((MAX_SCORE * (s - min)) / (max - min)) : 0));
}

/**
 * The weighted placement score of each of the `feasible` nodes of `table` (by index), or undefined when neither
 * plugin scores. A pod with spread constraints of its own is scored by them instead of the owner spreading that
 * stands in for kube-scheduler's default constraints (schedule.ts leaves that out for it).
 */
export function placementScores(pod: SchedulingPod, table: NodeTable, feasible: readonly number[], pods: PodsOnNodes): Map<number, number> | undefined {
  const nodes = feasible.map((index) => table.at(index));
  const spread = pod.placement ? spreadScores(pod, nodes, table.nodes, pods) : undefined;
  const weights = affinityWeights(pod, pods);
  if (!spread && !weights) return undefined;
  const affinity = weights ? minMaxNormalized(nodes.map((node) => weights.sumOf(node.labels))) : undefined;
  const scores = new Map<number, number>();
  feasible.forEach((index, i) =>
    scores.set(index, PLACEMENT_WEIGHTS.podTopologySpread * (spread?.[i] ?? 0) + PLACEMENT_WEIGHTS.interPodAffinity * (affinity?.[i] ?? 0)),
  );
  return scores;
}
