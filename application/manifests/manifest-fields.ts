import { knownFields, under, type KnownFields } from './unknown-fields.js';

/*
 * The fields of each manifest kes knows. Two kinds live here: fields kes acts on, and fields Kubernetes itself
 * fills in or that change nothing kes does (IGNORED_* lists), which `kubectl get -o yaml` or
 * `kubectl create --dry-run=client -o yaml` print, so that their output applies again. Any other field, even one
 * Kubernetes knows (podAntiAffinity, httpGet.httpHeaders…), is reported as unknown rather than silently dropped.
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
  '{initialDelaySeconds,periodSeconds,timeoutSeconds,successThreshold,failureThreshold}',
];

const IGNORED_CONTAINER = ['imagePullPolicy', 'terminationMessagePath', 'terminationMessagePolicy'];
const CONTAINER = [
  'name', 'image', 'command', 'args',
  'env[].{name,value}',
  ...under('env[].valueFrom.configMapKeyRef', KEY_REF),
  ...under('env[].valueFrom.secretKeyRef', KEY_REF),
  'env[].valueFrom.fieldRef.{fieldPath,apiVersion}',
  'ports[].{name,containerPort,hostPort,protocol}',
  'resources.{requests,limits}',
  'volumeMounts[].{name,mountPath,readOnly}',
  ...under('readinessProbe', PROBE),
  ...under('livenessProbe', PROBE),
  ...under('startupProbe', PROBE),
  ...IGNORED_CONTAINER,
];

const VOLUME = [
  'name',
  'configMap.{name,optional,defaultMode}',
  'secret.{secretName,optional,defaultMode}',
  'emptyDir.{medium,sizeLimit}',
  'hostPath.{path,type}',
];

const NODE_AFFINITY = [
  ...under('requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[].matchExpressions[]', REQUIREMENT),
  'preferredDuringSchedulingIgnoredDuringExecution[].weight',
  ...under('preferredDuringSchedulingIgnoredDuringExecution[].preference.matchExpressions[]', REQUIREMENT),
];

const IGNORED_POD_SPEC = ['dnsPolicy', 'schedulerName', 'securityContext', 'serviceAccountName', 'serviceAccount', 'enableServiceLinks'];
const POD_SPEC = [
  ...under('containers[]', CONTAINER),
  ...under('volumes[]', VOLUME),
  'nodeSelector',
  ...under('affinity.nodeAffinity', NODE_AFFINITY),
  'tolerations[].{key,operator,value,effect,tolerationSeconds}',
  'restartPolicy', 'terminationGracePeriodSeconds', 'nodeName',
  ...IGNORED_POD_SPEC,
];

const TOP = ['apiVersion', 'kind', ...under('metadata', META), 'status'];

const WORKLOAD_SPEC = [
  'replicas',
  'selector.matchLabels',
  ...under('selector.matchExpressions[]', REQUIREMENT),
  ...under('template.metadata', META),
  ...under('template.spec', POD_SPEC),
];

export const POD_FIELDS: KnownFields = knownFields([...TOP, ...under('spec', POD_SPEC)]);
export const NAMESPACE_FIELDS: KnownFields = knownFields([...TOP, 'spec.finalizers']);
export const REPLICASET_FIELDS: KnownFields = knownFields([...TOP, ...under('spec', WORKLOAD_SPEC)]);
export const DEPLOYMENT_FIELDS: KnownFields = knownFields([
  ...TOP,
  ...under('spec', WORKLOAD_SPEC),
  'spec.strategy.type',
  'spec.strategy.rollingUpdate.{maxSurge,maxUnavailable}',
  'spec.{revisionHistoryLimit,progressDeadlineSeconds,paused}',
]);

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
