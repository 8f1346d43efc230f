import type { ObjectMeta } from '../k8s-types.js';

/** The wire shapes of the workload kinds kes serves (core/v1 Pod and Namespace, apps/v1 ReplicaSet and Deployment). */

export type K8sOwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export type K8sObjectMeta = ObjectMeta & {
  generation?: number;
  ownerReferences?: K8sOwnerReference[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
};

type Json = Record<string, unknown>;

export type K8sContainer = {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Json[];
  ports?: Json[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Json[];
  readinessProbe?: Json;
  livenessProbe?: Json;
  startupProbe?: Json;
  lifecycle?: Json;
};

export type K8sPodSpec = {
  initContainers?: K8sContainer[];
  containers: K8sContainer[];
  volumes?: Json[];
  nodeSelector?: Record<string, string>;
  affinity?: Json;
  tolerations?: Json[];
  topologySpreadConstraints?: Json[];
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
  restartPolicy: string;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds?: number;
  hostAliases?: Json[];
  securityContext?: Json;
  nodeName?: string;
};

export type K8sPodCondition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string };

export type K8sTerminated = { exitCode: number; reason?: string; signal?: number; message?: string; startedAt?: string; finishedAt?: string };
export type K8sContainerStatus = {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  state: {
    waiting?: { reason: string; message?: string };
    running?: { startedAt: string };
    terminated?: K8sTerminated;
  };
  /** How the previous run ended, once the container was restarted. */
  lastState?: { terminated?: K8sTerminated };
};

export type K8sPodStatus = {
  phase: string;
  conditions?: K8sPodCondition[];
  containerStatuses?: K8sContainerStatus[];
  initContainerStatuses?: K8sContainerStatus[];
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  reason?: string;
  message?: string;
  startTime?: string;
  nominatedNodeName?: string;
};

export type K8sPod = { apiVersion: 'v1'; kind: 'Pod'; metadata: K8sObjectMeta; spec: K8sPodSpec; status: K8sPodStatus };

export type K8sLabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

export type K8sPodTemplate = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: K8sPodSpec };

export type K8sReplicaSet = {
  apiVersion: 'apps/v1';
  kind: 'ReplicaSet';
  metadata: K8sObjectMeta;
  spec: { replicas: number; minReadySeconds?: number; selector: K8sLabelSelector; template: K8sPodTemplate };
  status: { replicas: number; readyReplicas: number; availableReplicas: number; observedGeneration: number };
};

export type K8sDeploymentCondition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
};

export type K8sDeployment = {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: K8sObjectMeta;
  spec: {
    replicas: number;
    selector: K8sLabelSelector;
    template: K8sPodTemplate;
    strategy: { type: 'RollingUpdate'; rollingUpdate: { maxSurge: number | string; maxUnavailable: number | string } } | { type: 'Recreate' };
    revisionHistoryLimit: number;
    minReadySeconds?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status: {
    observedGeneration: number;
    replicas: number;
    updatedReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    unavailableReplicas: number;
    conditions: K8sDeploymentCondition[];
  };
};

export type K8sNamespace = {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: K8sObjectMeta;
  spec: { finalizers: string[] };
  status: { phase: 'Active' | 'Terminating' };
};
