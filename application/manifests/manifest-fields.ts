import { leafKinds } from './pod-schema.js';
import { knownFields, under, type KnownFields } from './unknown-fields.js';

/*
 * The fields of each manifest kes knows. A PodSpec (of a Pod or a template) may carry every field of Kubernetes'
 * schema (pod-schema.ts); of those, MODELLED_POD_SPEC lists the ones the domain's PodSpec has a typed view of.
 * The others are kept as given (unmodelled-fields.ts) and returned. For the other kinds, two kinds of field live
 * here: fields kes acts on, and fields Kubernetes itself fills in or that change nothing kes does (IGNORED_*
 * lists), which `kubectl get -o yaml` prints, so that its output applies again.
 */

const IGNORED_META = [
  'generateName', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields', 'selfLink',
];
const META = ['name', 'namespace', 'labels', 'annotations', ...IGNORED_META];

const REQUIREMENT = ['{key,operator,values}'];
const KEY_REF = ['{name,key,optional}'];

const PROBE = [
  'exec.command',
  'httpGet.{path,port,scheme}',
  'tcpSocket.port',
  'grpc.{port,service}',
  '{initialDelaySeconds,periodSeconds,timeoutSeconds,successThreshold,failureThreshold}',
];

/** The lifecycle hooks kes runs: exec and sleep, and httpGet to a port of the pod (a `host` or headers are kept, not enacted). */
const HOOK = ['exec.command', 'sleep.seconds', 'httpGet.{path,port,scheme}'];

const CONTAINER = [
  'name', 'image', 'command', 'args', 'workingDir',
  ...under('lifecycle.postStart', HOOK),
  ...under('lifecycle.preStop', HOOK),
  'envFrom[].{prefix,configMapRef.name,configMapRef.optional,secretRef.name,secretRef.optional}',
  'securityContext.{runAsUser,runAsGroup}',
  'env[].{name,value}',
  ...under('env[].valueFrom.configMapKeyRef', KEY_REF),
  ...under('env[].valueFrom.secretKeyRef', KEY_REF),
  'env[].valueFrom.fieldRef.{fieldPath,apiVersion}',
  'env[].valueFrom.resourceFieldRef.{resource,containerName,divisor}',
  'ports[].{name,containerPort,hostPort,protocol}',
  'resources.{requests,limits}',
  'volumeMounts[].{name,mountPath,readOnly}',
  ...under('readinessProbe', PROBE),
  ...under('livenessProbe', PROBE),
  ...under('startupProbe', PROBE),
];

const VOLUME = [
  'name',
  'configMap.{name,optional}',
  'secret.{secretName,optional}',
  'hostPath.path',
];

const NODE_AFFINITY = [
  ...under('requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[].matchExpressions[]', REQUIREMENT),
  'preferredDuringSchedulingIgnoredDuringExecution[].weight',
  ...under('preferredDuringSchedulingIgnoredDuringExecution[].preference.matchExpressions[]', REQUIREMENT),
];

const LABEL_SELECTOR = ['matchLabels', ...under('matchExpressions[]', REQUIREMENT)];

const POD_AFFINITY_TERM = [
  ...under('labelSelector', LABEL_SELECTOR),
  ...under('namespaceSelector', LABEL_SELECTOR),
  'namespaces', 'topologyKey', 'matchLabelKeys', 'mismatchLabelKeys',
];

const POD_AFFINITY = [
  ...under('requiredDuringSchedulingIgnoredDuringExecution[]', POD_AFFINITY_TERM),
  'preferredDuringSchedulingIgnoredDuringExecution[].weight',
  ...under('preferredDuringSchedulingIgnoredDuringExecution[].podAffinityTerm', POD_AFFINITY_TERM),
];

const TOPOLOGY_SPREAD_CONSTRAINT = [
  'maxSkew', 'topologyKey', 'whenUnsatisfiable', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys',
  ...under('labelSelector', LABEL_SELECTOR),
];

/** The fields of a PodSpec the domain's PodSpec (domain/pod/pod-spec.ts) has a typed view of. */
export const MODELLED_POD_SPEC: KnownFields = knownFields([
  ...under('containers[]', CONTAINER),
  ...under('initContainers[]', CONTAINER),
  ...under('volumes[]', VOLUME),
  'nodeSelector',
  ...under('affinity.nodeAffinity', NODE_AFFINITY),
  ...under('affinity.podAffinity', POD_AFFINITY),
  ...under('affinity.podAntiAffinity', POD_AFFINITY),
  'tolerations[].{key,operator,value,effect,tolerationSeconds}',
  ...under('topologySpreadConstraints[]', TOPOLOGY_SPREAD_CONSTRAINT),
  'priorityClassName', 'priority', 'preemptionPolicy',
  'restartPolicy', 'terminationGracePeriodSeconds', 'nodeName', 'activeDeadlineSeconds',
  'hostAliases[].{ip,hostnames}',
  'securityContext.{runAsUser,runAsGroup}',
]);

/** Every field of Kubernetes' PodSpec, with its kind. */
const POD_SPEC_KINDS = leafKinds('PodSpec');
const POD_SPEC = [...POD_SPEC_KINDS.keys()];
/** Every field of Kubernetes' PodSpec, at the root: what a PodSpec may keep. */
export const POD_SPEC_FIELDS: KnownFields = knownFields(POD_SPEC, POD_SPEC_KINDS);
const kindsUnder = (prefix: string) => new Map([...POD_SPEC_KINDS].map(([path, kind]) => [`${prefix}.${path}`, kind]));

const TOP = ['apiVersion', 'kind', ...under('metadata', META), 'status'];

const WORKLOAD_SPEC = [
  'replicas', 'minReadySeconds',
  'selector.matchLabels',
  ...under('selector.matchExpressions[]', REQUIREMENT),
  ...under('template.metadata', META),
  ...under('template.spec', POD_SPEC),
];

export const POD_FIELDS: KnownFields = knownFields([...TOP, ...under('spec', POD_SPEC)], kindsUnder('spec'));
export const NAMESPACE_FIELDS: KnownFields = knownFields([...TOP, 'spec.finalizers']);
export const REPLICASET_FIELDS: KnownFields = knownFields([...TOP, ...under('spec', WORKLOAD_SPEC)], kindsUnder('spec.template.spec'));
export const DEPLOYMENT_FIELDS: KnownFields = knownFields([
  ...TOP,
  ...under('spec', WORKLOAD_SPEC),
  'spec.strategy.type',
  'spec.strategy.rollingUpdate.{maxSurge,maxUnavailable}',
  'spec.{revisionHistoryLimit,progressDeadlineSeconds,paused}',
], kindsUnder('spec.template.spec'));

/** Fields Kubernetes fills in on a Service (`kubectl get svc -o yaml` prints them) that kes neither needs nor changes. */
const IGNORED_SERVICE_SPEC = ['clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'externalTrafficPolicy'];

export const SERVICE_FIELDS: KnownFields = knownFields([
  ...TOP,
  'spec.{type,selector,clusterIP,sessionAffinity}',
  'spec.ports[].{name,protocol,port,targetPort,nodePort}',
  ...under('spec', IGNORED_SERVICE_SPEC),
]);
export const CONFIGMAP_FIELDS: KnownFields = knownFields([...TOP, 'data', 'binaryData']);
export const SECRET_FIELDS: KnownFields = knownFields([...TOP, 'type', 'data', 'stringData']);
export const SERVICEACCOUNT_FIELDS: KnownFields = knownFields([...TOP, 'automountServiceAccountToken']);

export const PRIORITYCLASS_FIELDS: KnownFields = knownFields([...TOP, 'value', 'globalDefault', 'description', 'preemptionPolicy']);

export const JOB_FIELDS: KnownFields = knownFields([
  ...TOP,
  'spec.selector.matchLabels',
  ...under('spec.selector.matchExpressions[]', REQUIREMENT),
  ...under('spec.template.metadata', META),
  ...under('spec.template.spec', POD_SPEC),
  'spec.{completions,parallelism,backoffLimit,activeDeadlineSeconds,ttlSecondsAfterFinished,suspend,manualSelector,completionMode,podReplacementPolicy}',
], kindsUnder('spec.template.spec'));
