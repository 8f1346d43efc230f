import type { Labels } from '../shared/labels.js';
import { termMatches, type NamespaceLabels, type PodIdentity, type PodTerm } from './pod-placement.js';
import { identityOf, type SchedulingNode, type SchedulingPod } from './scheduling-input.js';

/**
 * kube-scheduler's InterPodAffinity plugin. Its PreFilter counts, per topology pair (a node label key and value),
 * the placed pods that the incoming pod's required terms match, and the placed pods whose own required
 * anti-affinity matches the incoming pod (symmetry); its Filter then reads a node's labels against those counts.
 */

/** A pod already on a node (bound, or assumed by the scheduler). */
export type PlacedPod = Readonly<{ nodeName: string; pod: SchedulingPod }>;

/** The pods the scheduler knows to be on nodes: all of them, and those that have pod (anti-)affinity terms. */
export type PodsOnNodes = Readonly<{
  all: () => Iterable<PlacedPod>;
  /** Placed pods with any pod affinity or anti-affinity term: empty in most clusters, so symmetry costs nothing. */
  withPodTerms: () => Iterable<PlacedPod>;
  /** In one namespace only. */
  inNamespace: (namespace: string) => Iterable<PlacedPod>;
  namespaceLabels: NamespaceLabels;
  node: (name: string) => SchedulingNode | undefined;
}>;

export const AFFINITY_REASONS = {
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
} as const;

/** Counts per topology pair, keyed `key\u0000value`. */
export class TopologyCounts {
  private readonly counts = new Map<string, number>();

  static pair(key: string, value: string): string {
    return `${key}\u0000${value}`;
  }

  add(key: string, labels: Labels, by = 1): void {
    const value = labels[key];
    if (value === undefined) return;
    const pair = TopologyCounts.pair(key, value);
    this.counts.set(pair, (this.counts.get(pair) ?? 0) + by);
  }

  /** The count of the node's domain for `key`; undefined when the node has no such label. */
  of(key: string, labels: Labels): number | undefined {
    const value = labels[key];
    return value === undefined ? undefined : (this.counts.get(TopologyCounts.pair(key, value)) ?? 0);
  }

  get size(): number {
    return this.counts.size;
  }

  /** Whether any pair with a positive count is one of `labels`. */
  anyOf(labels: Labels): boolean {
    for (const [pair, count] of this.counts) if (count > 0 && TopologyCounts.isOf(pair, labels)) return true;
    return false;
  }

  /** The sum of the counts of the pairs that are among `labels`. */
  sumOf(labels: Labels): number {
    let sum = 0;
    for (const [pair, count] of this.counts) if (TopologyCounts.isOf(pair, labels)) sum += count;
    return sum;
  }

  private static isOf(pair: string, labels: Labels): boolean {
    const cut = pair.indexOf('\u0000');
    return labels[pair.slice(0, cut)] === pair.slice(cut + 1);
  }
}

/** What the filter reads of the cluster for one incoming pod. */
export type AffinityState = Readonly<{
  affinity: TopologyCounts;
  antiAffinity: TopologyCounts;
  existingAntiAffinity: TopologyCounts;
  /** The incoming pod's required affinity terms all match the pod itself (a first pod of a group may go anywhere). */
  matchesOwnAffinity: boolean;
}>;

const matchesAll = (terms: readonly PodTerm[], other: PodIdentity, namespaceLabels: NamespaceLabels) =>
  terms.every((term) => termMatches(term, other, namespaceLabels));

/** PreFilter: undefined when neither the pod nor any placed pod has a required term (nothing to filter). */
export function affinityState(pod: SchedulingPod, pods: PodsOnNodes): AffinityState | undefined {
  const required = pod.placement?.affinity.required ?? [];
  const antiRequired = pod.placement?.antiAffinity.required ?? [];
  const incoming = identityOf(pod);
  const existingAntiAffinity = new TopologyCounts();
  for (const placed of pods.withPodTerms()) {
    const terms = placed.pod.placement?.antiAffinity.required ?? [];
    const node = terms.length > 0 ? pods.node(placed.nodeName) : undefined;
    if (!node) continue;
    for (const term of terms) if (termMatches(term, incoming, pods.namespaceLabels)) existingAntiAffinity.add(term.topologyKey, node.labels);
  }
  if (required.length === 0 && antiRequired.length === 0 && existingAntiAffinity.size === 0) return undefined;
  const affinity = new TopologyCounts();
  const antiAffinity = new TopologyCounts();
  if (required.length > 0 || antiRequired.length > 0)
    for (const placed of pods.all()) {
      const other = identityOf(placed.pod);
      const node = pods.node(placed.nodeName);
      if (!node) continue;
      if (required.length > 0 && matchesAll(required, other, pods.namespaceLabels)) for (const term of required) affinity.add(term.topologyKey, node.labels);
      for (const term of antiRequired) if (termMatches(term, other, pods.namespaceLabels)) antiAffinity.add(term.topologyKey, node.labels);
    }
  return { affinity, antiAffinity, existingAntiAffinity, matchesOwnAffinity: matchesAll(required, incoming, pods.namespaceLabels) };
}

/** Filter: kube-scheduler's reason for the node, in its order (affinity, anti-affinity, existing pods' anti-affinity). */
export function affinityReason(pod: SchedulingPod, node: SchedulingNode, state: AffinityState): string | undefined {
  const required = pod.placement?.affinity.required ?? [];
  if (required.length > 0) {
    const podsExist = required.every((term) => (state.affinity.of(term.topologyKey, node.labels) ?? 0) > 0);
    // No pod anywhere matches yet: the first pod of a group that is affine to itself may go anywhere.
    if (!podsExist && !(state.affinity.size === 0 && state.matchesOwnAffinity)) return AFFINITY_REASONS.affinity;
  }
  for (const term of pod.placement?.antiAffinity.required ?? [])
    if ((state.antiAffinity.of(term.topologyKey, node.labels) ?? 0) > 0) return AFFINITY_REASONS.antiAffinity;
  if (state.existingAntiAffinity.size > 0 && state.existingAntiAffinity.anyOf(node.labels)) return AFFINITY_REASONS.existingAntiAffinity;
  return undefined;
}

/** kube-scheduler's hardPodAffinityWeight: an existing pod's required affinity to the incoming pod scores as a preferred term of this weight. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/**
 * PreScore: the weight of each topology pair: the incoming pod's preferred terms for the placed pods they match
 * (anti-affinity negative), and the placed pods' terms that match the incoming pod (symmetry). Undefined when
 * no term can score.
 */
export function affinityWeights(pod: SchedulingPod, pods: PodsOnNodes): TopologyCounts | undefined {
  const preferred = pod.placement?.affinity.preferred ?? [];
  const antiPreferred = pod.placement?.antiAffinity.preferred ?? [];
  const incoming = identityOf(pod);
  const weights = new TopologyCounts();
  let any = false;
  const score = (term: PodTerm, other: PodIdentity, labels: Labels, weight: number) => {
    if (!termMatches(term, other, pods.namespaceLabels)) return;
    weights.add(term.topologyKey, labels, weight);
    any = true;
  };
  if (preferred.length > 0 || antiPreferred.length > 0)
    for (const placed of pods.all()) {
      const node = pods.node(placed.nodeName);
      if (!node) continue;
      const other = identityOf(placed.pod);
      for (const { weight, term } of preferred) score(term, other, node.labels, weight);
      for (const { weight, term } of antiPreferred) score(term, other, node.labels, -weight);
    }
  for (const placed of pods.withPodTerms()) {
    const node = pods.node(placed.nodeName);
    const theirs = placed.pod.placement;
    if (!node || !theirs) continue;
    for (const term of theirs.affinity.required) score(term, incoming, node.labels, HARD_POD_AFFINITY_WEIGHT);
    for (const { weight, term } of theirs.affinity.preferred) score(term, incoming, node.labels, weight);
    for (const { weight, term } of theirs.antiAffinity.preferred) score(term, incoming, node.labels, -weight);
  }
  return any ? weights : undefined;
}

/** Score: the sum of the weights of the node's topology pairs. */
export const affinityRawScore = (weights: TopologyCounts, node: SchedulingNode): number => weights.sumOf(node.labels);
