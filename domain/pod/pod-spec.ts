import type { PreemptionPolicy } from '../priorityclass/priorityclass.js';
import type { Labels } from '../shared/labels.js';
import type { LabelSelector, Requirement } from '../shared/selectors.js';
import type { TaintEffect } from '../shared/taints.js';

/** Requests and limits as integers: cpu in millicores, memory in bytes (domain/shared/quantity.ts parses). */
export type ResourceAmounts = Readonly<{ cpuMillis: number; memoryBytes: number }>;
export type ResourceRequirements = Readonly<{ requests: ResourceAmounts; limits?: Partial<ResourceAmounts> }>;

export type ContainerPort = Readonly<{ name?: string; containerPort: number; hostPort?: number; protocol: 'TCP' | 'UDP' }>;

export type EnvVar = Readonly<
  | { name: string; value: string }
  | { name: string; valueFrom: Readonly<
      | { configMapKeyRef: { name: string; key: string; optional?: boolean } }
      | { secretKeyRef: { name: string; key: string; optional?: boolean } }
      | { fieldRef: { fieldPath: string } }
      | { resourceFieldRef: { resource: string; containerName?: string; divisor?: string } }
    > }
>;

export type Probe = Readonly<{
  handler: Readonly<
    | { exec: { command: readonly string[] } }
    | { httpGet: { path: string; port: number | string; scheme?: 'HTTP' | 'HTTPS' } }
    | { tcpSocket: { port: number | string } }
    | { grpc: { port: number; service?: string } }
  >;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}>;

export type VolumeMount = Readonly<{ name: string; mountPath: string; readOnly?: boolean }>;
export type Volume = Readonly<
  | { name: string; configMap: { name: string; optional?: boolean } }
  | { name: string; secret: { secretName: string; optional?: boolean } }
  | { name: string; emptyDir: Record<string, never> }
  | { name: string; hostPath: { path: string } }
  /** A source kes has no typed view of (persistentVolumeClaim, projected…): the runtime gives an empty directory. */
  | { name: string; placeholderFor: string }
>;

/** Every key of a ConfigMap or Secret as a variable, its name after `prefix`. */
export type EnvFromSource = Readonly<{
  prefix?: string;
  configMapRef?: Readonly<{ name: string; optional?: boolean }>;
  secretRef?: Readonly<{ name: string; optional?: boolean }>;
}>;

/** The part of a (pod's or container's) securityContext kes enacts: the user and group its process runs as. */
export type ContainerUser = Readonly<{ runAsUser?: number; runAsGroup?: number }>;

/** What a lifecycle hook runs: a command in the container, an HTTP GET to its port on the pod's address, or a pause. */
export type LifecycleHandler = Readonly<
  | { exec: { command: readonly string[] } }
  | { httpGet: { path: string; port: number | string; scheme?: 'HTTP' | 'HTTPS' } }
  | { sleep: { seconds: number } }
>;
/** postStart runs once the container has started; preStop before it is sent its stop signal. */
export type Lifecycle = Readonly<{ postStart?: LifecycleHandler; preStop?: LifecycleHandler }>;

/** An entry the pod's hosts file gets besides its own. */
export type HostAlias = Readonly<{ ip: string; hostnames: readonly string[] }>;

export type Container = Readonly<{
  name: string;
  image: string;
  command?: readonly string[];
  args?: readonly string[];
  workingDir?: string;
  envFrom?: readonly EnvFromSource[];
  securityContext?: ContainerUser;
  lifecycle?: Lifecycle;
  env: readonly EnvVar[];
  ports: readonly ContainerPort[];
  resources: ResourceRequirements;
  volumeMounts: readonly VolumeMount[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}>;

export type Toleration = Readonly<{
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: TaintEffect;
  tolerationSeconds?: number;
}>;

/** nodeAffinity terms: a term matches when all its requirements match; the list matches when any term does. */
export type NodeSelectorTerm = Readonly<{ matchExpressions: readonly Requirement[] }>;
export type NodeAffinity = Readonly<{
  required: readonly NodeSelectorTerm[];
  preferred: readonly Readonly<{ weight: number; preference: NodeSelectorTerm }>[];
}>;

/**
 * A pod (anti-)affinity term: pods matching `labelSelector` (none when it is absent, as in Kubernetes) in the
 * namespaces the term names (the pod's own when it names none; every one when namespaceSelector is empty),
 * counted per value of the nodes' `topologyKey` label.
 */
export type PodAffinityTerm = Readonly<{
  labelSelector?: LabelSelector;
  namespaces?: readonly string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  /** Label keys whose values, taken from the incoming pod, are added to labelSelector (In) or negated (NotIn). */
  matchLabelKeys?: readonly string[];
  mismatchLabelKeys?: readonly string[];
}>;
export type WeightedPodAffinityTerm = Readonly<{ weight: number; podAffinityTerm: PodAffinityTerm }>;
export type PodAffinity = Readonly<{ required: readonly PodAffinityTerm[]; preferred: readonly WeightedPodAffinityTerm[] }>;

export type Affinity = Readonly<{ nodeAffinity?: NodeAffinity; podAffinity?: PodAffinity; podAntiAffinity?: PodAffinity }>;

/** Kubernetes' TopologySpreadConstraint; the policies default as kube-scheduler defaults them (Honor, Ignore). */
export type TopologySpreadConstraint = Readonly<{
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: readonly string[];
}>;

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/**
 * The fields of a manifest's PodSpec that this typed view does not model (hostNetwork, dnsConfig, a
 * container's securityContext.capabilities…), kept as the manifest gave them so that they are stored and
 * returned. Nested as in the manifest; lists keep their positions, an item with nothing unmodelled being `{}`.
 */
export type UnmodelledFields = Readonly<Record<string, unknown>>;

export type PodSpec = Readonly<{
  /** Run to completion one after another, in order, before the containers start. */
  initContainers?: readonly Container[];
  containers: readonly Container[];
  volumes: readonly Volume[];
  nodeSelector: Labels;
  affinity?: Affinity;
  tolerations: readonly Toleration[];
  topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  /** The class the pod asked for, and the priority admission resolved from it (domain/scheduling/priority.ts). */
  priorityClassName?: string;
  priority?: number;
  /** From its class: whether the pod may evict pods of lower priority to find room. */
  preemptionPolicy?: PreemptionPolicy;
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  /** How long the pod may be active on its node before it is killed and fails with DeadlineExceeded. */
  activeDeadlineSeconds?: number;
  hostAliases?: readonly HostAlias[];
  /** The user and group every container runs as, unless the container's own securityContext says otherwise. */
  securityContext?: ContainerUser;
  /** Set when a pod is created already bound (as `spec.nodeName` in a manifest). */
  nodeName?: string;
  unmodelled?: UnmodelledFields;
}>;

export type PodTemplate = Readonly<{ labels: Labels; annotations: Readonly<Record<string, string>>; spec: PodSpec }>;

/**
 * The total requests of a pod: what the scheduler and the kubelet's admission count. Init containers run one at a
 * time before the others, so the pod needs the larger of their largest request and the sum of its containers'.
 */
export function podRequests(spec: PodSpec): ResourceAmounts {
  const sum = spec.containers.reduce(
    (total, c) => ({ cpuMillis: total.cpuMillis + c.resources.requests.cpuMillis, memoryBytes: total.memoryBytes + c.resources.requests.memoryBytes }),
    { cpuMillis: 0, memoryBytes: 0 },
  );
  return (spec.initContainers ?? []).reduce(
    (most, c) => ({ cpuMillis: Math.max(most.cpuMillis, c.resources.requests.cpuMillis), memoryBytes: Math.max(most.memoryBytes, c.resources.requests.memoryBytes) }),
    sum,
  );
}

/** Init containers, then the others: every container of the pod, for what names or reads them all. */
export const allContainers = (spec: PodSpec): readonly Container[] => [...(spec.initContainers ?? []), ...spec.containers];
