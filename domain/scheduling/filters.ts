import type { NodeSelectorTerm, ResourceAmounts, Toleration } from '../pod/pod-spec.js';
import type { Labels } from '../shared/labels.js';
import { matchesSelector } from '../shared/selectors.js';
import { UNSCHEDULABLE_TAINT_KEY, type Taint, type TaintEffect } from '../shared/taints.js';
import { asksOnlyResources, type SchedulingNode, type SchedulingPod } from './scheduling-input.js';

/** Kubernetes' ToleratesTaint: an empty effect or key matches any; Exists ignores the value. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

export const isTolerated = (taint: Taint, tolerations: readonly Toleration[]) => tolerations.some((t) => tolerates(t, taint));

/** The first taint with one of `effects` that no toleration matches, as the scheduler reports it. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly TaintEffect[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !isTolerated(taint, tolerations));
}

export function countUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[], effect: TaintEffect): number {
  return taints.reduce((n, taint) => (taint.effect === effect && !isTolerated(taint, tolerations) ? n + 1 : n), 0);
}

/** Undefined when the node fits, else kube-scheduler's reason for that node. */
export type Filter = (pod: SchedulingPod, node: SchedulingNode) => string | undefined;

export const REASONS = {
  notReady: 'node(s) were not ready',
  unschedulable: 'node(s) were unschedulable',
  affinity: "node(s) didn't match Pod's node affinity/selector",
  hostPorts: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: 'Too many pods',
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
} as const;

export const untoleratedTaintReason = (key: string, value = '') => `node(s) had untolerated taint {${key}: ${value}}`;

export const nodeReady: Filter = (_pod, node) => (node.ready ? undefined : REASONS.notReady);

/** A cordoned node still takes pods that tolerate its unschedulable taint, as in Kubernetes. */
export const nodeSchedulable: Filter = (pod, node) =>
  !node.unschedulable || isTolerated({ key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' }, pod.tolerations)
    ? undefined
    : REASONS.unschedulable;

/** PreferNoSchedule never filters; it only lowers a node's score. */
export const taintsTolerated: Filter = (pod, node) => {
  const taint = untoleratedTaint(node.taints, pod.tolerations, ['NoSchedule', 'NoExecute']);
  return taint && untoleratedTaintReason(taint.key, taint.value);
};

export const nodeAffinityMatches: Filter = (pod, node) =>
  matchesNodeSelector(pod.nodeSelector, node.labels) && matchesRequiredTerms(pod.requiredTerms, node.labels)
    ? undefined
    : REASONS.affinity;

export function matchesNodeSelector(selector: Labels, labels: Labels): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** Terms are ORed; no terms means no constraint, but an empty term matches no node. */
export function matchesRequiredTerms(terms: readonly NodeSelectorTerm[], labels: Labels): boolean {
  return terms.length === 0 || terms.some((term) => matchesTerm(term, labels));
}

export const matchesTerm = (term: NodeSelectorTerm, labels: Labels) =>
  term.matchExpressions.length > 0 && matchesSelector(term.matchExpressions, labels);

export const hostPortsFree: Filter = (pod, node) =>
  pod.hostPorts.some((port) => node.usedHostPorts.has(port)) ? REASONS.hostPorts : undefined;

export const podCountFits: Filter = (_pod, node) => (node.freePods < 1 ? REASONS.tooManyPods : undefined);

/** A pod that asks for none of a resource fits even on an overcommitted node. */
export const cpuFits: Filter = ({ requests }, { freeCpuMillis }) =>
  requests.cpuMillis > 0 && requests.cpuMillis > freeCpuMillis ? REASONS.cpu : undefined;

export const memoryFits: Filter = ({ requests }, { freeMemoryBytes }) =>
  requests.memoryBytes > 0 && requests.memoryBytes > freeMemoryBytes ? REASONS.memory : undefined;

/** Whether what a node has free takes `requests` and one more pod: podCountFits, cpuFits and memoryFits at once. */
export const roomFor = (requests: ResourceAmounts, freeCpuMillis: number, freeMemoryBytes: number, freePods: number): boolean =>
  freePods >= 1 &&
  (requests.cpuMillis <= 0 || requests.cpuMillis <= freeCpuMillis) &&
  (requests.memoryBytes <= 0 || requests.memoryBytes <= freeMemoryBytes);

// kube-scheduler stops at the first plugin that rejects a node, but its resource plugin names every shortage.
const FIRST_REJECTION: readonly Filter[] = [nodeReady, nodeSchedulable, taintsTolerated, nodeAffinityMatches, hostPortsFree];
const RESOURCES: readonly Filter[] = [podCountFits, cpuFits, memoryFits];

/**
 * Whether `node` can take `pod`: the verdict of nodeFitReasons without its reasons, as it runs on hundreds of
 * nodes for every pod: resources first, then nothing more for a pod that asks only resources of an open
 * node; otherwise the checks that can reject (taints, selector, host ports) in turn. `onlyResources` is
 * asksOnlyResources(pod), which a caller looping over nodes works out once.
 */
export function fits(pod: SchedulingPod, node: SchedulingNode, onlyResources = asksOnlyResources(pod)): boolean {
  if (!roomFor(pod.requests, node.freeCpuMillis, node.freeMemoryBytes, node.freePods)) return false;
  if (node.open && onlyResources) return true;
  return (
    node.ready &&
    (!node.unschedulable || nodeSchedulable(pod, node) === undefined) &&
    (node.taints.length === 0 || taintsTolerated(pod, node) === undefined) &&
    nodeAffinityMatches(pod, node) === undefined &&
    (pod.hostPorts.length === 0 || hostPortsFree(pod, node) === undefined)
  );
}

/** Why `node` cannot take `pod`: empty when it fits. */
export function nodeFitReasons(pod: SchedulingPod, node: SchedulingNode): string[] {
  for (const filter of FIRST_REJECTION) {
    const reason = filter(pod, node);
    if (reason !== undefined) return [reason];
  }
  return RESOURCES.map((f) => f(pod, node)).filter((r): r is string => r !== undefined);
}
