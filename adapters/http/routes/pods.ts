import { parsePodManifest } from '../../../application/manifests/parse-manifest.js';
import type { ReadModels } from '../../../application/projections/read-models.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { CreatePod } from '../../../domain/pod/pod.decide.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import type { FieldRequirement } from '../k8s/field-selector.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { podObject } from '../k8s/objects/pod-object.js';
import { podTable } from '../k8s/objects/pod-table.js';
import type { K8sPod } from '../k8s/objects/workload-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import { gracePeriodOf, isStatus } from './object-requests.js';
import { same, unchangeable } from './object-update.js';
import { podEviction } from './pod-eviction.js';

/** Pods on one node come from the index kubectl's `describe node` and `drain` selectors hit (`spec.nodeName=X`). */
function* podEntries(models: ReadModels, namespace: string | undefined, fields: readonly FieldRequirement[]): Iterable<readonly [string, PodView]> {
  const node = fields.find((f) => f.field === 'spec.nodeName' && f.equal && f.value !== '')?.value;
  const keys = node !== undefined ? models.podIndex.byNode.get(node) : namespace !== undefined ? models.podIndex.byNamespace.get(namespace) : undefined;
  if (node === undefined && namespace === undefined) return yield* namespacedEntries(models.pods, undefined);
  for (const key of keys ?? []) {
    const view = models.pods.get(key);
    if (view && (namespace === undefined || view.meta.namespace === namespace)) yield [key, view];
  }
}

/**
 * core/v1 Pods: a pod's spec never changes once it exists; a DELETE takes `gracePeriodSeconds` and answers the pod
 * (terminating, or gone); `…/eviction` evicts it.
 */
export function pods(deps: ApiDeps): NamespacedObjects<'Pod', K8sPod, CreatePod['data']> {
  const hostIP = (view: PodView) => deps.models.nodes.get(view.nodeName ?? '')?.addresses.find((a) => a.type === 'InternalIP')?.address;
  return {
    kind: 'Pod',
    plural: 'pods',
    model: 'Pod',
    prefix: '/api/v1',
    listKind: 'PodList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'status.phase', 'status.podIP'],
    entries: podEntries,
    find: (models, namespace, name) => models.pods.get(namespacedKey(namespace, name)),
    render: (view) => {
      const ip = hostIP(view);
      return podObject(view, ip ? { hostIP: ip } : {});
    },
    table: podTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({
      'metadata.name': view.meta.name,
      'metadata.namespace': view.meta.namespace,
      'spec.nodeName': view.nodeName ?? '',
      'spec.restartPolicy': view.spec.restartPolicy,
      'status.phase': view.phase,
      'status.podIP': view.podIP ?? '',
    }),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.Pod`,
    parse: parsePodManifest,
    createCommand: 'CreatePod',
    deleteCommand: 'DeletePod',
    plan: (_key, before, after) => ({
      causes: same(before.spec, after.spec) ? [] : [unchangeable('spec', 'kes cannot change the spec of a pod once it exists; delete the pod and create it again (or change its Deployment)')],
      commands: [],
    }),
    deleteAnswer: 'object',
    deleting: async (_deps, request) => {
      const grace = gracePeriodOf(request);
      if (isStatus(grace)) return grace;
      return grace === undefined ? {} : { gracePeriodSeconds: grace };
    },
    statusKeptBy: 'the kubelet of its node reports it',
    subresources: [podEviction],
  };
}
