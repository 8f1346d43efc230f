import protobuf from 'protobufjs';
import { CORE_OBJECTS_PROTO } from './core-objects-proto.js';
import { CORE_POD_PROTO } from './core-pod-proto.js';
import { CORE_VOLUME_PROTO } from './core-volume-proto.js';
import { INTSTR_PROTO, META, META_PROTO, RESOURCE_PROTO, RUNTIME_PROTO } from './meta-proto.js';
import { AUTHENTICATION_PROTO, AUTHORIZATION_PROTO } from './review-proto.js';
import { APPS_PROTO, BATCH_PROTO, COORDINATION_PROTO, POLICY_PROTO, SCHEDULING_PROTO } from './workload-proto.js';

/** Every message kes reads from Kubernetes protobuf, in one protobufjs root. */
function kubernetesRoot(): protobuf.Root {
  const root = new protobuf.Root();
  const sources = [META_PROTO, RUNTIME_PROTO, INTSTR_PROTO, RESOURCE_PROTO, CORE_POD_PROTO, CORE_VOLUME_PROTO, CORE_OBJECTS_PROTO,
    APPS_PROTO, BATCH_PROTO, POLICY_PROTO, COORDINATION_PROTO, SCHEDULING_PROTO, AUTHORIZATION_PROTO, AUTHENTICATION_PROTO];
  for (const source of sources) protobuf.parse(source, root, { keepCase: true });
  root.resolveAll();
  return root;
}

const ROOT = kubernetesRoot();

/** The message of each kind kes serves or answers, by `apiVersion/kind` as the envelope's TypeMeta names it. */
const KINDS: Readonly<Record<string, string>> = {
  'v1/Pod': 'k8s.io.api.core.v1.Pod',
  'v1/Service': 'k8s.io.api.core.v1.Service',
  'v1/Endpoints': 'k8s.io.api.core.v1.Endpoints',
  'v1/ConfigMap': 'k8s.io.api.core.v1.ConfigMap',
  'v1/Secret': 'k8s.io.api.core.v1.Secret',
  'v1/ServiceAccount': 'k8s.io.api.core.v1.ServiceAccount',
  'v1/Namespace': 'k8s.io.api.core.v1.Namespace',
  'v1/Node': 'k8s.io.api.core.v1.Node',
  'v1/Event': 'k8s.io.api.core.v1.Event',
  'v1/DeleteOptions': `${META.slice(1)}.DeleteOptions`,
  'meta.k8s.io/v1/DeleteOptions': `${META.slice(1)}.DeleteOptions`,
  'apps/v1/Deployment': 'k8s.io.api.apps.v1.Deployment',
  'apps/v1/ReplicaSet': 'k8s.io.api.apps.v1.ReplicaSet',
  'batch/v1/Job': 'k8s.io.api.batch.v1.Job',
  'policy/v1/Eviction': 'k8s.io.api.policy.v1.Eviction',
  'policy/v1/PodDisruptionBudget': 'k8s.io.api.policy.v1.PodDisruptionBudget',
  'coordination.k8s.io/v1/Lease': 'k8s.io.api.coordination.v1.Lease',
  'scheduling.k8s.io/v1/PriorityClass': 'k8s.io.api.scheduling.v1.PriorityClass',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'k8s.io.api.authorization.v1.SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'k8s.io.api.authentication.v1.SelfSubjectReview',
  'authentication.k8s.io/v1/TokenRequest': 'k8s.io.api.authentication.v1.TokenRequest',
};

/** The message type of a kind, or undefined when kes reads no such kind. */
export function messageOfKind(apiVersion: string, kind: string): protobuf.Type | undefined {
  const name = KINDS[`${apiVersion}/${kind}`];
  return name ? ROOT.lookupType(name) : undefined;
}

/** runtime.Unknown, the envelope after the `k8s\0` magic. */
export const UNKNOWN = ROOT.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');

/** The kinds kes reads, for messages. */
export const READABLE_KINDS = Object.keys(KINDS).map((key) => key.slice(key.lastIndexOf('/') + 1));
