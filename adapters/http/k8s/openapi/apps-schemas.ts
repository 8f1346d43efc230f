import { APPS, AUTOSCALING, CORE, INT_OR_STRING, int32, int64, keyedList, kind, META, object, ref, text, time, type Schemas } from './schema.js';

/** apps/v1 Deployment and ReplicaSet, and the autoscaling/v1 Scale of their `/scale` subresource. */

const selector = ref(`${META}.LabelSelector`, 'Label selector for pods; immutable once set.');
const template = ref(`${CORE}.PodTemplateSpec`, 'Template describes the pods that will be created.');

export const APPS_SCHEMAS: Schemas = {
  [`${APPS}.Deployment`]: kind({ group: 'apps', version: 'v1', kind: 'Deployment' }, 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref(`${APPS}.DeploymentSpec`, 'Specification of the desired behavior of the Deployment.'),
    status: ref(`${APPS}.DeploymentStatus`, 'Most recently observed status of the Deployment.'),
  }),
  [`${APPS}.DeploymentSpec`]: object('DeploymentSpec is the specification of the desired behavior of the Deployment.', {
    progressDeadlineSeconds: int32('Accepted, not acted on by kes.'),
    replicas: int32('Number of desired pods. Defaults to 1.'),
    revisionHistoryLimit: int32('The number of old ReplicaSets to retain to allow rollback. Defaults to 10.'),
    selector,
    strategy: {
      ...ref(`${APPS}.DeploymentStrategy`, 'The deployment strategy to use to replace existing pods with new ones.'),
      'x-kubernetes-patch-strategy': 'retainKeys',
    },
    template,
  }, ['selector', 'template']),
  [`${APPS}.DeploymentStrategy`]: object('DeploymentStrategy describes how to replace existing pods with new ones.', {
    rollingUpdate: ref(`${APPS}.RollingUpdateDeployment`, 'Rolling update config params. Present only if type = RollingUpdate.'),
    type: { ...text('Type of deployment: Recreate or RollingUpdate. Default is RollingUpdate.'), enum: ['Recreate', 'RollingUpdate'] },
  }),
  [`${APPS}.RollingUpdateDeployment`]: object('Spec to control the desired behavior of rolling update.', {
    maxSurge: ref(INT_OR_STRING, 'The maximum number of pods that can be scheduled above the desired number of pods. Defaults to 25%.'),
    maxUnavailable: ref(INT_OR_STRING, 'The maximum number of pods that can be unavailable during the update. Defaults to 25%.'),
  }),
  [`${APPS}.DeploymentStatus`]: object('DeploymentStatus is the most recently observed status of the Deployment.', {
    availableReplicas: int32(),
    conditions: keyedList(ref(`${APPS}.DeploymentCondition`), 'type', "Represents the latest available observations of a deployment's current state."),
    observedGeneration: int64(),
    readyReplicas: int32(),
    replicas: int32(),
    unavailableReplicas: int32(),
    updatedReplicas: int32(),
  }),
  [`${APPS}.DeploymentCondition`]: object('DeploymentCondition describes the state of a deployment at a certain point.', {
    lastTransitionTime: time(),
    lastUpdateTime: time(),
    message: text(),
    reason: text(),
    status: text(),
    type: text(),
  }, ['type', 'status']),
  [`${APPS}.ReplicaSet`]: kind({ group: 'apps', version: 'v1', kind: 'ReplicaSet' }, 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref(`${APPS}.ReplicaSetSpec`, 'Spec defines the specification of the desired behavior of the ReplicaSet.'),
    status: ref(`${APPS}.ReplicaSetStatus`, 'Status is the most recently observed status of the ReplicaSet.'),
  }),
  [`${APPS}.ReplicaSetSpec`]: object('ReplicaSetSpec is the specification of a ReplicaSet.', {
    replicas: int32('Replicas is the number of desired replicas. Defaults to 1.'),
    selector,
    template,
  }, ['selector']),
  [`${APPS}.ReplicaSetStatus`]: object('ReplicaSetStatus represents the current status of a ReplicaSet.', {
    availableReplicas: int32(),
    observedGeneration: int64(),
    readyReplicas: int32(),
    replicas: int32(),
  }, ['replicas']),
};

export const AUTOSCALING_SCHEMAS: Schemas = {
  [`${AUTOSCALING}.Scale`]: kind({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'Scale represents a scaling request for a resource.', {
    spec: ref(`${AUTOSCALING}.ScaleSpec`, 'spec defines the behavior of the scale.'),
    status: ref(`${AUTOSCALING}.ScaleStatus`, 'status is the current status of the scale.'),
  }),
  [`${AUTOSCALING}.ScaleSpec`]: object('ScaleSpec describes the attributes of a scale subresource.', {
    replicas: int32('replicas is the desired number of instances for the scaled object.'),
  }),
  [`${AUTOSCALING}.ScaleStatus`]: object('ScaleStatus represents the current status of a scale subresource.', {
    replicas: int32('replicas is the actual number of observed instances of the scaled object.'),
    selector: text('selector is the label query over pods that should match the replicas count, as a string.'),
  }, ['replicas']),
};
