import type { PodAffinity, PodAffinityTerm, PodSpec, TopologySpreadConstraint } from '../pod/pod-spec.js';
import type { Labels } from '../shared/labels.js';
import { matchesSelector, toSelector, type Requirement, type Selector } from '../shared/selectors.js';

/**
 * What a pod asks of the pods around it, resolved once from its spec and labels: pod affinity and anti-affinity
 * terms (kube-scheduler's InterPodAffinity) and topology spread constraints (PodTopologySpread). A pod that asks
 * none of it has no placement, and the scheduler does none of this work for it.
 */

/** The namespaces a term looks in: those named, plus those whose labels match `selector` (every one when empty). */
export type NamespaceScope = Readonly<{ names: ReadonlySet<string>; selector?: Selector }>;

/** A term's pods: `selector` undefined matches no pod, as a missing labelSelector does in Kubernetes. */
export type PodTerm = Readonly<{ selector: Selector | undefined; namespaces: NamespaceScope; topologyKey: string }>;
export type WeightedPodTerm = Readonly<{ weight: number; term: PodTerm }>;
export type PodTerms = Readonly<{ required: readonly PodTerm[]; preferred: readonly WeightedPodTerm[] }>;

export type SpreadConstraint = Readonly<{
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: Selector | undefined;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
}>;

export type PodPlacement = Readonly<{ affinity: PodTerms; antiAffinity: PodTerms; spread: readonly SpreadConstraint[] }>;

/** A pod as other pods' terms see it. */
export type PodIdentity = Readonly<{ namespace: string; labels: Labels }>;

/** Looks up a namespace's labels, for terms with a namespaceSelector. */
export type NamespaceLabels = (namespace: string) => Labels | undefined;

const NO_TERMS: PodTerms = { required: [], preferred: [] };

/** matchLabelKeys and mismatchLabelKeys: the pod's own values of those labels, added as In and NotIn requirements. */
function withLabelKeys(selector: Selector, labels: Labels, matching: readonly string[] = [], mismatching: readonly string[] = []): Selector {
  const extra: Requirement[] = [];
  for (const key of matching) if (key in labels) extra.push({ key, operator: 'In', values: [labels[key]!] });
  for (const key of mismatching) if (key in labels) extra.push({ key, operator: 'NotIn', values: [labels[key]!] });
  return extra.length === 0 ? selector : [...selector, ...extra];
}

function podTerm(term: PodAffinityTerm, pod: PodIdentity): PodTerm {
  const selector = term.labelSelector ? withLabelKeys(toSelector(term.labelSelector), pod.labels, term.matchLabelKeys, term.mismatchLabelKeys) : undefined;
  const names = new Set(term.namespaces ?? []);
  const namespaceSelector = term.namespaceSelector ? toSelector(term.namespaceSelector) : undefined;
  if (names.size === 0 && !namespaceSelector) names.add(pod.namespace);
  return { selector, namespaces: namespaceSelector ? { names, selector: namespaceSelector } : { names }, topologyKey: term.topologyKey };
}

const podTerms = (affinity: PodAffinity | undefined, pod: PodIdentity): PodTerms =>
  affinity
    ? {
        required: affinity.required.map((term) => podTerm(term, pod)),
        preferred: affinity.preferred.map(({ weight, podAffinityTerm }) => ({ weight, term: podTerm(podAffinityTerm, pod) })),
      }
    : NO_TERMS;

function spreadConstraint(c: TopologySpreadConstraint, pod: PodIdentity): SpreadConstraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: c.whenUnsatisfiable,
    selector: c.labelSelector ? withLabelKeys(toSelector(c.labelSelector), pod.labels, c.matchLabelKeys) : undefined,
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
  };
}

/** Undefined when the pod has no pod affinity, anti-affinity or spread constraint. */
export function podPlacementOf(spec: PodSpec, pod: PodIdentity): PodPlacement | undefined {
  const { podAffinity, podAntiAffinity } = spec.affinity ?? {};
  const spread = spec.topologySpreadConstraints ?? [];
  if (!podAffinity && !podAntiAffinity && spread.length === 0) return undefined;
  return { affinity: podTerms(podAffinity, pod), antiAffinity: podTerms(podAntiAffinity, pod), spread: spread.map((c) => spreadConstraint(c, pod)) };
}

export const hasPodTerms = (placement: PodPlacement | undefined): boolean =>
  placement !== undefined &&
  placement.affinity.required.length + placement.affinity.preferred.length + placement.antiAffinity.required.length + placement.antiAffinity.preferred.length > 0;

export function inScope(scope: NamespaceScope, namespace: string, namespaceLabels: NamespaceLabels): boolean {
  if (scope.names.has(namespace)) return true;
  if (!scope.selector) return false;
  return scope.selector.length === 0 || matchesSelector(scope.selector, namespaceLabels(namespace) ?? {});
}

export const selects = (selector: Selector | undefined, labels: Labels): boolean => selector !== undefined && matchesSelector(selector, labels);

/** Whether `term` (of some pod) matches the pod `other`. */
export const termMatches = (term: PodTerm, other: PodIdentity, namespaceLabels: NamespaceLabels): boolean =>
  inScope(term.namespaces, other.namespace, namespaceLabels) && selects(term.selector, other.labels);
