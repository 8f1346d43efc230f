import type { DeploymentCondition, DeploymentStatus } from '../../domain/deployment/deployment.js';
import { resolveFenceposts } from '../../domain/deployment/rollout.js';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import type { DeploymentView } from '../projections/workload-views.js';
import type { OwnedReplicaSet } from './deployment-replicasets.js';
import type { PlannedCommand } from './runner.js';

const sum = (owned: readonly OwnedReplicaSet[], count: (o: OwnedReplicaSet) => number) => owned.reduce((n, o) => n + count(o), 0);

/** Kubernetes' MaxUnavailable: 0 for Recreate or no replicas, else the resolved maxUnavailable, at most the replicas. */
function maxUnavailable(d: DeploymentView): number {
  const { strategy, replicas } = d.spec;
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  return Math.min(resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas).unavailable, replicas);
}

function conditions(d: DeploymentView, status: Omit<DeploymentStatus, 'conditions'>, newName: string): DeploymentCondition[] {
  const desired = d.spec.replicas;
  const available: DeploymentCondition = status.availableReplicas >= desired - maxUnavailable(d)
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
  const complete = status.updatedReplicas === desired && status.replicas === desired && status.availableReplicas === desired;
  const progressing: DeploymentCondition = d.spec.paused
    ? { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }
    : complete
    ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newName}" has successfully progressed.` }
    : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newName}" is progressing.` };
  return [available, progressing];
}

/** Kubernetes' calculateStatus, counted from the pods themselves. */
export function deploymentStatus(d: DeploymentView, newName: string, owned: readonly OwnedReplicaSet[]): DeploymentStatus {
  const available = sum(owned, (o) => o.pods.available);
  const counts = {
    observedGeneration: d.generation,
    replicas: sum(owned, (o) => o.pods.replicas),
    updatedReplicas: sum(owned.filter((o) => o.rs.meta.name === newName), (o) => o.pods.replicas),
    readyReplicas: sum(owned, (o) => o.pods.ready),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(owned, (o) => o.rs.spec.replicas) - available),
  };
  return { ...counts, conditions: conditions(d, counts, newName) };
}

const COUNTS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;
const withoutTimes = (cs: readonly DeploymentCondition[]) => cs.map(({ type, status, reason, message }) => ({ type, status, reason, message }));

/** `ReportDeploymentStatus` when the status differs from the recorded one. */
export function reportDeploymentStatus(d: DeploymentView, newName: string, owned: readonly OwnedReplicaSet[]): PlannedCommand[] {
  const status = deploymentStatus(d, newName, owned);
  const same = COUNTS.every((field) => d.status[field] === status[field])
    && canonicalJson(withoutTimes(d.status.conditions)) === canonicalJson(withoutTimes(status.conditions));
  return same ? [] : [{ type: 'ReportDeploymentStatus', data: { namespace: d.meta.namespace, name: d.meta.name, ...status } }];
}
