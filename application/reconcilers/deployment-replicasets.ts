import { REVISION_ANNOTATION } from '../../domain/deployment/deployment.js';
import { templateHash } from '../../domain/deployment/rollout.js';
import { isTerminalPhase } from '../../domain/pod/pod.js';
import type { CreateReplicaSet } from '../../domain/replicaset/replicaset.decide.js';
import { controllerOf, LAST_APPLIED_ANNOTATION } from '../../domain/shared/object-meta.js';
import { matchesSelector } from '../../domain/shared/selectors.js';
import type { ReadModels } from '../projections/read-models.js';
import type { DeploymentView, ReplicaSetView } from '../projections/workload-views.js';
import { derivedUid } from './replicaset-names.js';
import { countPods, podsOwnedBy, type PodCounts } from './replicaset-pods.js';
import type { PlannedCommand } from './runner.js';

export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** A ReplicaSet of the Deployment with what its pods are doing now. */
export type OwnedReplicaSet = Readonly<{
  rs: ReplicaSetView;
  pods: PodCounts;
  /** Pods not finished, terminating ones included: Recreate waits for these to go. */
  running: number;
  /** Every pod it still owns. */
  total: number;
}>;

export const replicaSetNameFor = (d: DeploymentView) => `${d.meta.name}-${templateHash(d.spec.template)}`;

const revisionOf = (rs: ReplicaSetView) => Number(rs.meta.annotations[REVISION_ANNOTATION] ?? 0);

function olderFirst(a: ReplicaSetView, b: ReplicaSetView): number {
  if (a.meta.creationTimestamp !== b.meta.creationTimestamp) return a.meta.creationTimestamp < b.meta.creationTimestamp ? -1 : 1;
  return revisionOf(a) - revisionOf(b) || (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0);
}

/** The Deployment's ReplicaSets (controller ownerReference to its uid), oldest first; pods available by `nowMs`. */
export function ownedReplicaSets(models: ReadModels, d: DeploymentView, nowMs: number): OwnedReplicaSet[] {
  const owned = [...models.replicaSets.values()].filter(
    (rs) => rs.meta.namespace === d.meta.namespace && controllerOf(rs.meta)?.uid === d.meta.uid,
  );
  return owned.sort(olderFirst).map((rs) => {
    const pods = podsOwnedBy(models, rs.meta.uid);
    return { rs, pods: countPods(pods, rs.spec.minReadySeconds, nowMs), running: pods.filter((p) => !isTerminalPhase(p.phase)).length, total: pods.length };
  });
}

/**
 * The ReplicaSet for the Deployment's current template, as Kubernetes makes it: named after the template's
 * hash, which is also added to its pod labels and its selector, so the ReplicaSets of a Deployment never
 * claim each other's pods.
 */
export function createReplicaSet(d: DeploymentView, replicas: number): PlannedCommand {
  const hash = templateHash(d.spec.template);
  const labels = { ...d.spec.template.labels, [POD_TEMPLATE_HASH]: hash };
  const meta = {
    name: replicaSetNameFor(d),
    namespace: d.meta.namespace,
    uid: derivedUid('ReplicaSet', d.meta.uid, hash),
    labels,
    annotations: { ...copiedAnnotations(d), [REVISION_ANNOTATION]: String(d.revision) },
    ownerReferences: [{ kind: 'Deployment', name: d.meta.name, uid: d.meta.uid, controller: true }],
  };
  const data: CreateReplicaSet['data'] = {
    meta,
    replicas,
    selector: [...d.spec.selector, { key: POD_TEMPLATE_HASH, operator: 'In', values: [hash] }],
    template: { ...d.spec.template, labels },
    ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
  };
  return { type: 'CreateReplicaSet', data };
}

/**
 * The Deployment's annotations its newest ReplicaSet carries too, as Kubernetes copies them (so that
 * `kubernetes.io/change-cause` shows in `rollout history`); the revision is the ReplicaSet's own, and
 * kubectl's last-applied record is the Deployment's alone.
 */
function copiedAnnotations(d: DeploymentView): Record<string, string> {
  const { [REVISION_ANNOTATION]: _revision, [LAST_APPLIED_ANNOTATION]: _applied, ...copied } = d.meta.annotations;
  return copied;
}

/** ChangeAnnotations of the newest ReplicaSet when the Deployment has annotations it lacks or holds otherwise. */
export function annotateNewReplicaSet(d: DeploymentView, newRS: ReplicaSetView): PlannedCommand[] {
  const set = Object.fromEntries(Object.entries(copiedAnnotations(d)).filter(([key, value]) => newRS.meta.annotations[key] !== value));
  if (Object.keys(set).length === 0) return [];
  return [{ type: 'ChangeAnnotations', data: { kind: 'ReplicaSet', namespace: newRS.meta.namespace, name: newRS.meta.name, set, remove: [] } }];
}

/** ReplicaSets of the Deployment's namespace without a controller whose labels match its selector (e.g. left by --cascade=orphan). */
export function adoptableReplicaSets(models: ReadModels, d: DeploymentView): ReplicaSetView[] {
  return [...models.replicaSets.values()].filter((rs) =>
    rs.meta.namespace === d.meta.namespace && !controllerOf(rs.meta) && matchesSelector(d.spec.selector, rs.meta.labels));
}

/** As Kubernetes' Deployment controller: a matching ReplicaSet without a controller is taken in, with its pods. */
export function adoptReplicaSet(d: DeploymentView, rs: ReplicaSetView): PlannedCommand {
  const owner = { kind: 'Deployment', name: d.meta.name, uid: d.meta.uid, controller: true };
  return { type: 'AdoptReplicaSet', data: { namespace: rs.meta.namespace, name: rs.meta.name, owner } };
}

export const scaleReplicaSet = (rs: ReplicaSetView, replicas: number): PlannedCommand => ({
  type: 'ScaleReplicaSet',
  data: { namespace: rs.meta.namespace, name: rs.meta.name, replicas },
});

/**
 * Kubernetes' cleanupDeployment: of the old ReplicaSets beyond revisionHistoryLimit, the oldest that are
 * scaled to 0 and have no pods left are deleted.
 */
export function replicaSetsBeyondHistory(d: DeploymentView, old: readonly OwnedReplicaSet[]): PlannedCommand[] {
  const excess = old.length - d.spec.revisionHistoryLimit;
  if (excess <= 0) return [];
  return old
    .filter(({ rs, total }) => rs.spec.replicas === 0 && total === 0)
    .slice(0, excess)
    .map(({ rs }) => ({ type: 'DeleteReplicaSet', data: { namespace: rs.meta.namespace, name: rs.meta.name } }));
}
