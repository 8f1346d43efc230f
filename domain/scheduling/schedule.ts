import { fits, nodeFitReasons, roomFor } from './filters.js';
import type { PodsOnNodes } from './inter-pod-affinity.js';
import { placementFilter, placementScores, type PlacementFilter } from './placement.js';
import { NodeTable } from './node-table.js';
import { asksOnlyResources, type SchedulingNode, type SchedulingPod } from './scheduling-input.js';
import { bestScoredNode } from './scores.js';

export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

/**
 * kube-scheduler's FitError message: each reason counted over the nodes, as "<count> <reason>",
 * sorted as plain strings (Go's sort.Strings), so the count is part of the sort key.
 */
export function unschedulableMessage(totalNodes: number, reasonsByNode: ReadonlyMap<string, readonly string[]>): string {
  if (totalNodes === 0) return NO_NODES_MESSAGE;
  const counts = new Map<string, number>();
  for (const reasons of reasonsByNode.values()) for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
  const head = `0/${totalNodes} nodes are available:`;
  return histogram.length === 0 ? head : `${head} ${histogram.join(', ')}.`;
}

export type ScheduleResult = Readonly<{ nodeName: string; examined: number } | { unschedulable: string }>;

export type ScheduleOptions = Readonly<{
  /** Stop filtering once this many nodes fit (kube-scheduler's percentageOfNodesToScore). */
  feasibleNodesToFind?: number;
  /** Where to start in `nodes`, so successive pods look at different nodes first. */
  startIndex?: number;
  /** The pods on nodes, for pod affinity, anti-affinity and topology spread; without, those are not checked. */
  pods?: PodsOnNodes;
}>;

/**
 * kube-scheduler's adaptive sample: all of a small cluster, then 50% less 1% per 125 nodes,
 * never under 5% nor under 100 nodes. Large clusters score a sample, not every node.
 */
export function feasibleNodesToFind(totalNodes: number): number {
  if (totalNodes < 100) return totalNodes;
  const percentage = Math.max(5, 50 - Math.floor(totalNodes / 125));
  return Math.max(100, Math.floor((totalNodes * percentage) / 100));
}

/**
 * Filter, then score: the node to bind the pod to, with how many nodes were looked at (a scheduler advances
 * its next startIndex by that), or kube-scheduler's message saying why no node fits. `nodes` is best a
 * NodeTable kept from one pod to the next; a list is made into one.
 */
export function schedule(
  pod: SchedulingPod,
  nodes: NodeTable | readonly SchedulingNode[],
  ownerCounts: ReadonlyMap<string, number> = new Map(),
  options: ScheduleOptions = {},
): ScheduleResult {
  const table = nodes instanceof NodeTable ? nodes : NodeTable.of(nodes);
  const size = table.size;
  const wanted = options.feasibleNodesToFind ?? feasibleNodesToFind(size);
  const start = size === 0 ? 0 : (options.startIndex ?? 0) % size;
  const { freeCpuMillis, freeMemoryBytes, freePods, open } = table.columns;
  const onlyResources = asksOnlyResources(pod);
  const placement = options.pods && placementFilter(pod, table.nodes, options.pods);
  const feasible: number[] = [];
  let examined = 0;
  for (let i = start; examined < size && feasible.length < wanted; i = i + 1 === size ? 0 : i + 1) {
    examined++;
    const fitting =
      onlyResources && open[i] === 1
        ? roomFor(pod.requests, freeCpuMillis[i]!, freeMemoryBytes[i]!, freePods[i]!)
        : fits(pod, table.at(i), onlyResources);
    if (fitting && (!placement || placement(table.at(i)) === undefined)) feasible.push(i);
  }
  const placing = options.pods && feasible.length > 1 ? placementScores(pod, table, feasible, options.pods) : undefined;
  // A pod with its own spread constraints is spread by them, not by the owner spreading that stands in for kube-scheduler's defaults.
  const owners = pod.placement?.spread.length ? new Map<string, number>() : ownerCounts;
  const nodeName = bestScoredNode(pod, table, feasible, owners, placing);
  return nodeName === undefined ? { unschedulable: whyNot(pod, table.nodes, placement) } : { nodeName, examined };
}

function whyNot(pod: SchedulingPod, nodes: readonly SchedulingNode[], placement: PlacementFilter | undefined): string {
  const reasons = new Map<string, readonly string[]>();
  for (const node of nodes) {
    const own = nodeFitReasons(pod, node);
    const placed = own.length === 0 && placement ? placement(node) : undefined;
    reasons.set(node.name, placed ? [placed] : own);
  }
  return unschedulableMessage(nodes.length, reasons);
}
