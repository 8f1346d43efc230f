import type { DeploymentView, NamespaceView, ReplicaSetView } from '../../../../application/projections/workload-views.js';
import { REVISION_ANNOTATION } from '../../../../domain/deployment/deployment.js';
import type { DeploymentStrategy } from '../../../../domain/deployment/strategy.js';
import { labelSelectorObject, objectMetadata, templateObject } from './pod-spec-object.js';
import type { K8sDeployment, K8sNamespace, K8sReplicaSet } from './workload-types.js';

/** A ReplicaSet view as an apps/v1 ReplicaSet. */
export function replicaSetObject(view: ReplicaSetView): K8sReplicaSet {
  const { spec, status } = view;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { ...objectMetadata(view.meta, view.resourceVersion), generation: view.generation },
    spec: {
      replicas: spec.replicas,
      ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
      selector: labelSelectorObject(spec.selector),
      template: templateObject(spec.template),
    },
    status: {
      replicas: status.replicas,
      readyReplicas: status.readyReplicas,
      availableReplicas: status.availableReplicas,
      observedGeneration: status.observedGeneration,
    },
  };
}

function strategyObject(strategy: DeploymentStrategy): K8sDeployment['spec']['strategy'] {
  if (strategy.type === 'Recreate') return { type: 'Recreate' };
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: strategy.maxSurge, maxUnavailable: strategy.maxUnavailable } };
}

/** A Deployment view as an apps/v1 Deployment, with its revision annotation. */
export function deploymentObject(view: DeploymentView): K8sDeployment {
  const { spec, status } = view;
  const metadata = { ...objectMetadata(view.meta, view.resourceVersion), generation: view.generation };
  metadata.annotations = { ...metadata.annotations, [REVISION_ANNOTATION]: String(view.revision) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: spec.replicas,
      selector: labelSelectorObject(spec.selector),
      template: templateObject(spec.template),
      strategy: strategyObject(spec.strategy),
      revisionHistoryLimit: spec.revisionHistoryLimit,
      ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
      ...(spec.paused && { paused: true }),
    },
    status: {
      observedGeneration: status.observedGeneration,
      replicas: status.replicas,
      updatedReplicas: status.updatedReplicas,
      readyReplicas: status.readyReplicas,
      availableReplicas: status.availableReplicas,
      unavailableReplicas: status.unavailableReplicas,
      conditions: status.conditions.map((c) => ({ ...c })),
    },
  };
}

/** A namespace view as a v1 Namespace; namespaces are cluster-scoped, so their metadata has no namespace. */
export function namespaceObject(view: NamespaceView): K8sNamespace {
  const metadata = objectMetadata({ ...view.meta, annotations: view.meta.annotations ?? {}, ownerReferences: [] }, view.resourceVersion);
  if (view.deletionTimestamp) metadata.deletionTimestamp = view.deletionTimestamp;
  return { apiVersion: 'v1', kind: 'Namespace', metadata, spec: { finalizers: ['kubernetes'] }, status: { phase: view.phase } };
}
