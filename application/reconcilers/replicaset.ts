import { map, merge, mergeMap } from 'rxjs';
import type { CreatePod } from '../../domain/pod/pod.decide.js';
import type { ReplicaSetStatus } from '../../domain/replicaset/replicaset.js';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import { matchesSelector } from '../../domain/shared/selectors.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { PodView, ReplicaSetView } from '../projections/workload-views.js';
import type { IdGenerator } from '../ports/ids.js';
import { podNameFor } from './replicaset-names.js';
import { controllerKey, countPods, deletionOrder, isActive, nextAvailableInMs, podsOwnedBy } from './replicaset-pods.js';
import type { Clock } from '../ports/clock.js';
import { namespacedSubject } from './reconcile-subject.js';
import { lastEventOf } from './causes.js';
import type { PlannedCommand, Reconciler } from './runner.js';

export { CONTROLLER_MANAGER as CONTROLLER_MANAGER_ACTOR } from '../commands/authorize.js';
import { CONTROLLER_MANAGER as CONTROLLER_MANAGER_ACTOR } from '../commands/authorize.js';

/**
 * The ReplicaSet controller: as many active pods matching its selector as spec.replicas, created from the
 * template with fresh names and uids, or the extras deleted in Kubernetes' order; pods relabelled out of
 * the selector are released, and pods without a controller that match it adopted; then the counted status,
 * when it changed.
 * A pod counts as available once it has been ready for the ReplicaSet's minReadySeconds (by `clock`); the
 * ReplicaSet is looked at again when the next one will be.
 * Run it with the runner's `caughtUp`, so it sees the pods it created before it counts again.
 */
export function replicaSetController(models: ReadModels, ids: IdGenerator, clock: Pick<Clock, 'nowMs'>, resyncMs = 30_000): Reconciler {
  const replicaSetKeys = changesOf(models, 'ReplicaSet').pipe(map((change) => change.key));
  const podOwnerKeys = changesOf(models, 'Pod').pipe(
    mergeMap((change) => {
      const owner = controllerKey(change.view.meta, 'ReplicaSet');
      return owner !== undefined ? [owner] : adopters(models, change.view).map((rs) => namespacedKey(rs.meta.namespace, rs.meta.name));
    }),
  );
  const reconcile = (key: string): PlannedCommand[] => {
    const rs = models.replicaSets.get(key);
    return rs ? reconcileReplicaSet(models, ids, rs, clock.nowMs()) : [];
  };
  const requeueAfterMs = (key: string) => {
    const rs = models.replicaSets.get(key);
    return rs?.spec.minReadySeconds ? nextAvailableInMs(podsOwnedBy(models, rs.meta.uid), rs.spec.minReadySeconds, clock.nowMs()) : undefined;
  };
  return {
    name: 'replicaset-controller',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => models.replicaSets.keys(),
    triggers: merge(replicaSetKeys, podOwnerKeys),
    reconcile,
    requeueAfterMs,
    subjectOf: namespacedSubject('ReplicaSet', models.replicaSets),
    causeOf: lastEventOf(models, 'replicaset'),
  };
}

function reconcileReplicaSet(models: ReadModels, ids: IdGenerator, rs: ReplicaSetView, nowMs: number): PlannedCommand[] {
  const active = podsOwnedBy(models, rs.meta.uid).filter(isActive);
  const strayed = active.filter((pod) => !matchesSelector(rs.spec.selector, pod.meta.labels));
  const orphans = adoptable(models, rs);
  const kept = [...active.filter((pod) => !strayed.includes(pod)), ...orphans];
  const missing = rs.spec.replicas - kept.length;
  const changes = missing > 0 ? createPods(models, ids, rs, missing) : deletePods(kept, -missing);
  return [...strayed.map((pod) => release(rs, pod)), ...orphans.map((pod) => adopt(rs, pod)), ...changes, ...reportStatus(rs, kept, nowMs)];
}

/** Live pods of the namespace with no controller whose labels match the ReplicaSet's selector. */
function adoptable(models: ReadModels, rs: ReplicaSetView): PodView[] {
  const keys = models.podIndex.orphansByNamespace.get(rs.meta.namespace) ?? [];
  return [...keys].flatMap((key) => models.pods.get(key) ?? [])
    .filter((pod) => isActive(pod) && matchesSelector(rs.spec.selector, pod.meta.labels));
}

/** The ReplicaSets of the pod's namespace that would adopt it. */
function adopters(models: ReadModels, pod: PodView): ReplicaSetView[] {
  return [...models.replicaSets.values()].filter((rs) => rs.meta.namespace === pod.meta.namespace && matchesSelector(rs.spec.selector, pod.meta.labels));
}

/** As Kubernetes' ReplicaSet controller: a pod without a controller that matches the selector is taken in (and counted). */
function adopt(rs: ReplicaSetView, pod: PodView): PlannedCommand {
  const owner = { kind: 'ReplicaSet', name: rs.meta.name, uid: rs.meta.uid, controller: true };
  return { type: 'AdoptPod', data: { namespace: pod.meta.namespace, name: pod.meta.name, owner } };
}

/** As Kubernetes' ReplicaSet controller: a pod relabelled out of the selector is let go, and replaced. */
function release(rs: ReplicaSetView, pod: PodView): PlannedCommand {
  return { type: 'OrphanPod', data: { namespace: pod.meta.namespace, name: pod.meta.name, ownerUid: rs.meta.uid } };
}

/** `count` new pods under names no pod of the namespace has. */
function createPods(models: ReadModels, ids: IdGenerator, rs: ReplicaSetView, count: number): PlannedCommand[] {
  const created: PlannedCommand[] = [];
  const taken = new Set<string>();
  while (created.length < count) {
    const uid = ids.newId();
    const name = podNameFor(rs, uid);
    if (taken.has(name) || models.pods.has(namespacedKey(rs.meta.namespace, name))) continue;
    taken.add(name);
    created.push(createPod(rs, name, uid));
  }
  return created;
}

function createPod(rs: ReplicaSetView, name: string, uid: string): PlannedCommand {
  const { labels, annotations, spec } = rs.spec.template;
  const owner = { kind: 'ReplicaSet', name: rs.meta.name, uid: rs.meta.uid, controller: true };
  const meta = { name, namespace: rs.meta.namespace, uid, labels, annotations, ownerReferences: [owner] };
  const data: CreatePod['data'] = { meta, spec };
  return { type: 'CreatePod', data };
}

function deletePods(active: readonly PodView[], count: number): PlannedCommand[] {
  return [...active].sort(deletionOrder).slice(0, count)
    .map((pod) => ({ type: 'DeletePod', data: { namespace: pod.meta.namespace, name: pod.meta.name } }));
}

function reportStatus(rs: ReplicaSetView, active: readonly PodView[], nowMs: number): PlannedCommand[] {
  const counts = countPods(active, rs.spec.minReadySeconds, nowMs);
  const status: ReplicaSetStatus = {
    replicas: counts.replicas,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    observedGeneration: rs.generation,
  };
  const fields = ['replicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  if (fields.every((field) => rs.status[field] === status[field])) return [];
  return [{ type: 'ReportReplicaSetStatus', data: { namespace: rs.meta.namespace, name: rs.meta.name, ...status } }];
}
