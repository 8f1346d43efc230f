import { configMapStream } from '../../domain/configmap/configmap.js';
import { deploymentStream } from '../../domain/deployment/deployment.js';
import { endpointsStream } from '../../domain/endpoints/endpoints.js';
import { jobStream } from '../../domain/job/job.js';
import { namespaceStream } from '../../domain/namespace/namespace.js';
import { nodeStream } from '../../domain/node/node.js';
import { podStream } from '../../domain/pod/pod.js';
import { replicaSetStream } from '../../domain/replicaset/replicaset.js';
import { secretStream } from '../../domain/secret/secret.js';
import { serviceStream } from '../../domain/service/service.js';
import { serviceAccountStream } from '../../domain/serviceaccount/serviceaccount.js';
import { priorityClassStream } from '../../domain/priorityclass/priorityclass.js';
import { streamCategory } from '../../domain/shared/event.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';

/**
 * The kinds whose objects each have a stream of their own, with the names kubectl uses for them. A stream's
 * category (the part before its first '-') is the kind in lower case.
 */
export type StreamedKind = Readonly<{
  kind: string;
  apiVersion: string;
  /** The API group ('' for the core group) and the resource (plural), as authorization names them. */
  apiGroup: string;
  resource: string;
  /** Plural, singular and short names, as `kubectl get` takes them. */
  names: readonly string[];
  clusterScoped: boolean;
  stream: (namespace: string, name: string) => string;
}>;

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const clusterScoped = (kind: string, names: string[], stream: (name: string) => string): StreamedKind =>
  ({ kind, apiVersion: 'v1', apiGroup: '', resource: names[0], names, clusterScoped: true, stream: (_namespace, name) => stream(name) });
const namespaced = (kind: string, apiVersion: string, names: string[], stream: (namespace: string, name: string) => string): StreamedKind =>
  ({ kind, apiVersion, apiGroup: groupOf(apiVersion), resource: names[0], names, clusterScoped: false, stream });

export const STREAMED_KINDS: readonly StreamedKind[] = [
  clusterScoped('Node', ['nodes', 'node', 'no'], nodeStream),
  clusterScoped('Namespace', ['namespaces', 'namespace', 'ns'], namespaceStream),
  namespaced('Pod', 'v1', ['pods', 'pod', 'po'], podStream),
  namespaced('ReplicaSet', 'apps/v1', ['replicasets', 'replicaset', 'rs'], replicaSetStream),
  namespaced('Deployment', 'apps/v1', ['deployments', 'deployment', 'deploy'], deploymentStream),
  namespaced('Service', 'v1', ['services', 'service', 'svc'], serviceStream),
  namespaced('Endpoints', 'v1', ['endpoints', 'ep'], endpointsStream),
  namespaced('ConfigMap', 'v1', ['configmaps', 'configmap', 'cm'], configMapStream),
  namespaced('Secret', 'v1', ['secrets', 'secret'], secretStream),
  namespaced('ServiceAccount', 'v1', ['serviceaccounts', 'serviceaccount', 'sa'], serviceAccountStream),
  { ...clusterScoped('PriorityClass', ['priorityclasses', 'priorityclass', 'pc'], priorityClassStream), apiVersion: 'scheduling.k8s.io/v1', apiGroup: 'scheduling.k8s.io' },
  namespaced('Job', 'batch/v1', ['jobs', 'job'], jobStream),
];

const BY_NAME = new Map(STREAMED_KINDS.flatMap((k) => k.names.map((name) => [name, k] as const)));
const BY_KIND = new Map(STREAMED_KINDS.map((k) => [k.kind, k]));
const BY_CATEGORY = new Map(STREAMED_KINDS.map((k) => [k.kind.toLowerCase(), k]));

/** The kind a resource name (`deployments`, `deploy`, …) stands for. */
export const kindOfResource = (resource: string) => BY_NAME.get(resource);
/** The kind named as in an involvedObject (`Deployment`). */
export const kindNamed = (kind: string) => BY_KIND.get(kind);
/** The kind whose streams have this category (`deployment`). */
export const kindOfCategory = (category: string) => BY_CATEGORY.get(category);

/** An object a stream is about: `<category>-<name>` or `<category>-<namespace>.<name>`. */
export type StreamObject = Readonly<{ kind: StreamedKind; name: string; namespace?: string }>;

/** The object whose stream this is; undefined for streams of no such kind (the cluster, allocations). */
export function objectOfStream(stream: string): StreamObject | undefined {
  const kind = kindOfCategory(streamCategory(stream));
  if (!kind) return undefined;
  const key = stream.slice(stream.indexOf('-') + 1);
  return kind.clusterScoped ? { kind, name: key } : { kind, ...splitNamespacedKey(key) };
}
