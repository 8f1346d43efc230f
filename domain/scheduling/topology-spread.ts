import { matchesNodeSelector, matchesRequiredTerms, untoleratedTaint } from './filters.js';
import type { PodsOnNodes } from './inter-pod-affinity.js';
import { selects, type SpreadConstraint } from './pod-placement.js';
import type { SchedulingNode, SchedulingPod } from './scheduling-input.js';

/**
 * kube-scheduler's PodTopologySpread plugin: DoNotSchedule constraints filter, ScheduleAnyway constraints score.
 * Domains are the values of a constraint's topologyKey among the nodes that have every key of the pod's
 * constraints and pass its inclusion policies (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore by default);
 * a node without the key is no domain of it, and the filter refuses it.
 */

export const SPREAD_REASONS = {
  constraints: "node(s) didn't match pod topology spread constraints",
  missingLabel: "node(s) didn't match pod topology spread constraints (missing required label)",
} as const;

const hasKeys = (constraints: readonly SpreadConstraint[], node: SchedulingNode) => constraints.every((c) => node.labels[c.topologyKey] !== undefined);

/** kube-scheduler's matchNodeInclusionPolicies. */
function included(c: SpreadConstraint, pod: SchedulingPod, node: SchedulingNode): boolean {
  if (c.honorNodeAffinity && !(matchesNodeSelector(pod.nodeSelector, node.labels) && matchesRequiredTerms(pod.requiredTerms, node.labels))) return false;
  return !c.honorTaints || untoleratedTaint(node.taints, pod.tolerations, ['NoSchedule', 'NoExecute']) === undefined;
}

/** Per constraint, the number of matching pods in each domain (its value of topologyKey). */
type DomainCounts = Map<string, number>[];

/**
 * Counts, for each of `constraints`, the pods of the incoming pod's namespace its selector matches, per domain of
 * `domainNodes`; pods on nodes outside those domains are not counted.
 */
function domainCounts(pod: SchedulingPod, constraints: readonly SpreadConstraint[], domainNodes: Iterable<SchedulingNode>, pods: PodsOnNodes): DomainCounts {
  const counts: DomainCounts = constraints.map(() => new Map());
  const eligible = new Map<string, readonly boolean[]>();
  const eligibility = (node: SchedulingNode) => (hasKeys(constraints, node) ? constraints.map((c) => included(c, pod, node)) : constraints.map(() => false));
  for (const node of domainNodes) {
    const flags = eligibility(node);
    eligible.set(node.name, flags);
    constraints.forEach((c, i) => flags[i] && counts[i]!.set(node.labels[c.topologyKey]!, counts[i]!.get(node.labels[c.topologyKey]!) ?? 0));
  }
  for (const placed of pods.inNamespace(pod.namespace ?? 'default')) {
    const flags = eligible.get(placed.nodeName);
    const node = flags ? pods.node(placed.nodeName) : undefined;
    if (!flags || !node) continue;
    constraints.forEach((c, i) => {
      if (!flags[i] || !selects(c.selector, placed.pod.labels ?? {})) return;
      const value = node.labels[c.topologyKey]!;
      counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + 1);
    });
  }
  return counts;
}

export type SpreadState = Readonly<{ constraints: readonly SpreadConstraint[]; counts: DomainCounts; minMatch: readonly number[] }>;

/** PreFilter over every node of the cluster; undefined when the pod has no DoNotSchedule constraint. */
export function spreadState(pod: SchedulingPod, nodes: readonly SchedulingNode[], pods: PodsOnNodes): SpreadState | undefined {
  const constraints = (pod.placement?.spread ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const counts = domainCounts(pod, constraints, nodes, pods);
  const minMatch = constraints.map((c, i) => {
    const domains = counts[i]!;
    if (domains.size < c.minDomains || domains.size === 0) return 0;
    return Math.min(...domains.values());
  });
  return { constraints, counts, minMatch };
}

/** Filter: a node without every key is refused outright; otherwise the skew it would make must stay within maxSkew. */
export function spreadReason(pod: SchedulingPod, node: SchedulingNode, state: SpreadState): string | undefined {
  if (!hasKeys(state.constraints, node)) return SPREAD_REASONS.missingLabel;
  const labels = pod.labels ?? {};
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i]!;
    const self = selects(c.selector, labels) ? 1 : 0;
    const skew = (state.counts[i]!.get(node.labels[c.topologyKey]!) ?? 0) + self - state.minMatch[i]!;
    if (skew > c.maxSkew) return SPREAD_REASONS.constraints;
  }
  return undefined;
}

const MAX_SCORE = 100;

/**
 * Score of ScheduleAnyway constraints, normalized 0–100 for each of `feasible` (fewer matching pods in a node's
 * domains is better; each constraint weighs log(domains + 2)); undefined when the pod has none. Nodes without
 * every key score 0, as kube-scheduler ignores them.
 */
export function spreadScores(pod: SchedulingPod, feasible: readonly SchedulingNode[], all: readonly SchedulingNode[], pods: PodsOnNodes): number[] | undefined {
  const constraints = (pod.placement?.spread ?? []).filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const scored = feasible.filter((node) => hasKeys(constraints, node));
  const domainsOf = (c: SpreadConstraint) => new Set(scored.map((node) => node.labels[c.topologyKey]));
  const weights = constraints.map((c) => Math.log(domainsOf(c).size + 2));
  const counts = domainCounts(pod, constraints, all, pods);
  const raw = feasible.map((node) => {
    if (!hasKeys(constraints, node)) return undefined;
    const score = constraints.reduce((sum, c, i) => sum + (counts[i]!.get(node.labels[c.topologyKey]!) ?? 0) * weights[i]! + (c.maxSkew - 1), 0);
    return Math.round(score);
  });
  const present = raw.filter((s): s is number => s !== undefined);
  const [min, max] = [Math.min(...present), Math.max(...present)];
  return raw.map((s) => (s === undefined ? 0 : max === 0 ? MAX_SCORE : Math.floor((MAX_SCORE * (max + min - s)) / max)));
}
