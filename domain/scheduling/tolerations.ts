import type { Toleration } from '../pod/pod-spec.js';
import type { Taint, TaintEffect } from '../shared/taints.js';

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
