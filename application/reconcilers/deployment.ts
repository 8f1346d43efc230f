import { map, merge, mergeMap, type Observable } from 'rxjs';
import { REVISION_ANNOTATION } from '../../domain/deployment/deployment.js';
import { planRollout, resolveFenceposts } from '../../domain/deployment/rollout.js';
import { shareProportionally } from '../../domain/deployment/scaling.js';
import type { RollingUpdateStrategy } from '../../domain/deployment/strategy.js';
import { controllerOf } from '../../domain/shared/object-meta.js';
import { matchesSelector } from '../../domain/shared/selectors.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { DeploymentView, ReplicaSetView } from '../projections/workload-views.js';
import {
  adoptableReplicaSets,
  adoptReplicaSet,
  annotateNewReplicaSet,
  createReplicaSet,
  ownedReplicaSets,
  replicaSetNameFor,
  replicaSetsBeyondHistory,
  scaleReplicaSet,
  type OwnedReplicaSet,
} from './deployment-replicasets.js';
import { reportDeploymentStatus } from './deployment-status.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { controllerKey, nextAvailableInMs, podsOwnedBy } from './replicaset-pods.js';
import type { Clock } from '../ports/clock.js';
import { namespacedSubject } from './reconcile-subject.js';
import { lastEventOf } from './causes.js';
import type { PlannedCommand, Reconciler } from './runner.js';

/**
 * The Deployment controller: one ReplicaSet per pod template, named after its hash; each reconcile takes the
 * next step of the rollout (RollingUpdate within maxSurge/maxUnavailable, or Recreate), drops old
 * ReplicaSets beyond revisionHistoryLimit, and reports the status when it changed.
 */
export function deploymentController(models: ReadModels, clock: Pick<Clock, 'nowMs'>, resyncMs = 30_000): Reconciler {
  const reconcile = (key: string): PlannedCommand[] => {
    const d = models.deployments.get(key);
    if (!d) return [];
    // Adopted ReplicaSets count from the next reconcile on, which their change triggers, so none is made twice.
    const orphans = adoptableReplicaSets(models, d);
    return orphans.length > 0 ? orphans.map((rs) => adoptReplicaSet(d, rs)) : reconcileDeployment(d, ownedReplicaSets(models, d, clock.nowMs()));
  };
  // Pods that become available as time passes move the rollout on then, not at the next resync.
  const requeueAfterMs = (key: string) => {
    const d = models.deployments.get(key);
    if (!d?.spec.minReadySeconds) return undefined;
    const waits = ownedReplicaSets(models, d, clock.nowMs())
      .flatMap(({ rs }) => nextAvailableInMs(podsOwnedBy(models, rs.meta.uid), rs.spec.minReadySeconds ?? 0, clock.nowMs()) ?? []);
    return waits.length > 0 ? Math.min(...waits) : undefined;
  };
  return {
    name: 'deployment-controller',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => models.deployments.keys(),
    triggers: deploymentTriggers(models),
    reconcile,
    requeueAfterMs,
    subjectOf: namespacedSubject('Deployment', models.deployments),
    causeOf: lastEventOf(models, 'deployment'),
  };
}

function deploymentTriggers(models: ReadModels): Observable<string> {
  const only = (key: string | undefined) => (key === undefined ? [] : [key]);
  const ofReplicaSet = (rsKey: string | undefined) => {
    const rs = rsKey === undefined ? undefined : models.replicaSets.get(rsKey);
    return rs ? controllerKey(rs.meta, 'Deployment') : undefined;
  };
  return merge(
    changesOf(models, 'Deployment').pipe(map((change) => change.key)),
    changesOf(models, 'ReplicaSet').pipe(mergeMap((change) => [...only(controllerKey(change.view.meta, 'Deployment')), ...deploymentAdopters(models, change.view)])),
    changesOf(models, 'Pod').pipe(mergeMap((change) => only(ofReplicaSet(controllerKey(change.view.meta, 'ReplicaSet'))))),
  );
}

/** The Deployments that would adopt a ReplicaSet without a controller. */
function deploymentAdopters(models: ReadModels, rs: ReplicaSetView): string[] {
  if (controllerOf(rs.meta)) return [];
  return [...models.deployments.entries()]
    .filter(([, d]) => d.meta.namespace === rs.meta.namespace && matchesSelector(d.spec.selector, rs.meta.labels))
    .map(([key]) => key);
}

function reconcileDeployment(d: DeploymentView, owned: readonly OwnedReplicaSet[]): PlannedCommand[] {
  const newName = replicaSetNameFor(d);
  const newRS = owned.find((o) => o.rs.meta.name === newName);
  const old = owned.filter((o) => o !== newRS);
  const strategy = d.spec.strategy;
  const step = d.spec.paused ? pausedStep(d, newRS, old)
    : strategy.type === 'Recreate' ? recreateStep(d, newRS, old) : rollingStep(d, strategy, newRS, old);
  const annotated = newRS ? annotateNewReplicaSet(d, newRS.rs) : [];
  return [...step, ...revised(d, newRS), ...minReadySecondsOf(d, newRS), ...annotated, ...replicaSetsBeyondHistory(d, old), ...reportDeploymentStatus(d, newName, owned)];
}

/** The newest ReplicaSet takes the Deployment's minReadySeconds when it changes, as Kubernetes' getNewReplicaSet does. */
function minReadySecondsOf(d: DeploymentView, newRS: OwnedReplicaSet | undefined): PlannedCommand[] {
  const wanted = d.spec.minReadySeconds ?? 0;
  if (!newRS || (newRS.rs.spec.minReadySeconds ?? 0) === wanted) return [];
  return [{ type: 'ChangeReplicaSetMinReadySeconds', data: { namespace: newRS.rs.meta.namespace, name: newRS.rs.meta.name, minReadySeconds: wanted } }];
}

/** A template that comes back (a rollback) makes its old ReplicaSet the newest revision again, as in Kubernetes. */
function revised(d: DeploymentView, newRS: OwnedReplicaSet | undefined): PlannedCommand[] {
  if (!newRS || newRS.rs.meta.annotations[REVISION_ANNOTATION] === String(d.revision)) return [];
  return [{ type: 'ReviseReplicaSet', data: { namespace: newRS.rs.meta.namespace, name: newRS.rs.meta.name, revision: d.revision } }];
}

/**
 * Kubernetes' sync of a paused Deployment: it is scaled, but no new ReplicaSet is made. One active ReplicaSet
 * (or, with none, the newest) takes the desired count; with several, a saturated new one lets the old ones go
 * to 0, and otherwise a RollingUpdate shares its replicas among them in proportion.
 */
function pausedStep(d: DeploymentView, newRS: OwnedReplicaSet | undefined, old: readonly OwnedReplicaSet[]): PlannedCommand[] {
  const desired = d.spec.replicas;
  const newestFirst = [...(newRS ? [newRS] : []), ...[...old].reverse()];
  const active = newestFirst.filter((o) => o.rs.spec.replicas > 0);
  if (active.length <= 1) {
    const target = active[0] ?? newestFirst[0];
    return target && target.rs.spec.replicas !== desired ? [scaleReplicaSet(target.rs, desired)] : [];
  }
  if (newRS && newRS.rs.spec.replicas === desired && newRS.pods.available >= desired)
    return old.filter((o) => o.rs.spec.replicas > 0).map((o) => scaleReplicaSet(o.rs, 0));
  const strategy = d.spec.strategy;
  if (strategy.type !== 'RollingUpdate') return [];
  const allowed = desired + resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, desired).surge;
  const sizes = shareProportionally(active.map((o) => ({ name: o.rs.meta.name, replicas: o.rs.spec.replicas })), allowed);
  return sizes.map(({ name, replicas }) => scaleReplicaSet(active.find((o) => o.rs.meta.name === name)!.rs, replicas));
}

/** Scale old ReplicaSets to 0, wait until their pods are gone, then bring the new one to the desired count. */
function recreateStep(d: DeploymentView, newRS: OwnedReplicaSet | undefined, old: readonly OwnedReplicaSet[]): PlannedCommand[] {
  const running = old.filter((o) => o.rs.spec.replicas > 0);
  if (running.length > 0) return running.map((o) => scaleReplicaSet(o.rs, 0));
  if (old.some((o) => o.running > 0)) return [];
  if (!newRS) return [createReplicaSet(d, d.spec.replicas)];
  return newRS.rs.spec.replicas === d.spec.replicas ? [] : [scaleReplicaSet(newRS.rs, d.spec.replicas)];
}

/**
 * One step of planRollout. A new ReplicaSet starts at 0 while old pods exist (the next step scales it
 * within maxSurge); with none, it starts where the plan puts it.
 */
function rollingStep(
  d: DeploymentView,
  strategy: RollingUpdateStrategy,
  newRS: OwnedReplicaSet | undefined,
  old: readonly OwnedReplicaSet[],
): PlannedCommand[] {
  const { maxSurge, maxUnavailable } = strategy;
  const oldRSs = old.map((o) => ({ name: o.rs.meta.name, replicas: o.rs.spec.replicas, ready: o.pods.available }));
  const newCount = newRS ? { replicas: newRS.rs.spec.replicas, ready: newRS.pods.available } : { replicas: 0, ready: 0 };
  const plan = planRollout({ desired: d.spec.replicas, maxSurge, maxUnavailable, newRS: newCount, oldRSs });
  if (!newRS) {
    const oldPods = old.some((o) => o.rs.spec.replicas > 0 || o.pods.replicas > 0);
    return [createReplicaSet(d, oldPods ? 0 : plan.newRS)];
  }
  const targets = [{ owned: newRS, replicas: plan.newRS }, ...old.map((o, i) => ({ owned: o, replicas: plan.oldRSs[i].replicas }))];
  return targets.filter(({ owned, replicas }) => owned.rs.spec.replicas !== replicas).map(({ owned, replicas }) => scaleReplicaSet(owned.rs, replicas));
}
