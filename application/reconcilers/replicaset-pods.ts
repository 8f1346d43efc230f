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

/** Pods are available as soon as they are ready: kes has no minReadySeconds. */
export function countPods(pods: readonly PodView[]): PodCounts {
  const active = pods.filter(isActive);
  const ready = active.filter(isReady).length;
  return { replicas: active.length, ready, available: ready };
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
