import { isTerminalPhase } from '../../domain/pod/pod.js';
import { controllerOf, namespacedKey, type ObjectMeta } from '../../domain/shared/object-meta.js';
import type { ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';

/** Counts, not a pod, for the ReplicaSet's pods: `replicas` active ones, of them `ready`, of them `available`. */
export type PodCounts = Readonly<{ replicas: number; ready: number; available: number }>;

/** A pod that counts toward its ReplicaSet: not being deleted and not finished (Kubernetes' FilterActivePods). */
export const isActive = (pod: PodView) => pod.status !== 'terminating' && !isTerminalPhase(pod.phase);

export const isReady = (pod: PodView) => pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

/** Every pod whose controller is the object with this uid, terminating ones included. */
export function podsOwnedBy(models: ReadModels, ownerUid: string): PodView[] {
  const keys = models.podIndex.byOwner.get(ownerUid) ?? [];
  return [...keys].flatMap((key) => models.pods.get(key) ?? []);
}

/** When a ready pod becomes available: minReadySeconds after it turned Ready (at once without a readySince). */
const availableAtMs = (pod: PodView, minReadySeconds: number) =>
  minReadySeconds > 0 && pod.readySince !== undefined ? Date.parse(pod.readySince) + minReadySeconds * 1000 : Number.NEGATIVE_INFINITY;

/** Kubernetes' IsPodAvailable: ready, and for at least minReadySeconds. */
export const isAvailable = (pod: PodView, minReadySeconds: number, nowMs: number) => isReady(pod) && availableAtMs(pod, minReadySeconds) <= nowMs;

/** The active pods, the ready ones, and of those the ones ready for minReadySeconds by `nowMs`. */
export function countPods(pods: readonly PodView[], minReadySeconds = 0, nowMs = Number.POSITIVE_INFINITY): PodCounts {
  const active = pods.filter(isActive);
  const ready = active.filter(isReady);
  return { replicas: active.length, ready: ready.length, available: ready.filter((pod) => isAvailable(pod, minReadySeconds, nowMs)).length };
}

/** How long until the next ready pod becomes available (so its owner is looked at again then); none waiting, undefined. */
export function nextAvailableInMs(pods: readonly PodView[], minReadySeconds: number, nowMs: number): number | undefined {
  const waits = pods.filter((pod) => isActive(pod) && isReady(pod)).map((pod) => availableAtMs(pod, minReadySeconds) - nowMs).filter((ms) => ms > 0);
  return waits.length > 0 ? Math.min(...waits) : undefined;
}

/** The key of the object's controller when it is of this kind, in the object's namespace. */
export function controllerKey(meta: Pick<ObjectMeta, 'namespace' | 'ownerReferences'>, kind: string): string | undefined {
  const owner = controllerOf(meta);
  return owner?.kind === kind ? namespacedKey(meta.namespace, owner.name) : undefined;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const restarts = (pod: PodView) => pod.containerStatuses.reduce((n, c) => n + c.restartCount, 0);
const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Kubernetes' order for scaling down (controller.ActivePods): unscheduled before scheduled, pending before
 * running, not ready before ready, more restarts before fewer, newer before older; the name settles ties.
 */
export function deletionOrder(a: PodView, b: PodView): number {
  return (
    compare(a.nodeName === undefined ? 0 : 1, b.nodeName === undefined ? 0 : 1)
    || compare(PHASE_RANK[a.phase] ?? 0, PHASE_RANK[b.phase] ?? 0)
    || compare(isReady(a) ? 1 : 0, isReady(b) ? 1 : 0)
    || compare(restarts(b), restarts(a))
    || compare(b.meta.creationTimestamp, a.meta.creationTimestamp)
    || compare(b.meta.name, a.meta.name)
  );
}
