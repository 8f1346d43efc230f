import { parseReplicaSetManifest } from '../../../application/manifests/parse-manifest.js';
import type { CreateReplicaSet } from '../../../domain/replicaset/replicaset.decide.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { APPS_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { APPS } from '../k8s/openapi/schema.js';
import { labelSelectorObject } from '../k8s/objects/pod-spec-object.js';
import { replicaSetObject } from '../k8s/objects/workload-objects.js';
import { replicaSetTable } from '../k8s/objects/workload-tables.js';
import type { K8sReplicaSet } from '../k8s/objects/workload-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { KindNames } from './object-requests.js';
import { orphaningDependents } from './orphans.js';
import { immutable, same, unchangeable, type UpdatePlan } from './object-update.js';
import { replicaCounts, scaleSubresource } from './scale.js';

const REPLICASET: KindNames = { kind: 'ReplicaSet', plural: 'replicasets', group: 'apps' };

type Named = { namespace: string; name: string };
type Data = CreateReplicaSet['data'];

/** A ReplicaSet can only be scaled: its selector is immutable, and kes has no command that changes its template. */
export function planReplicaSetUpdate(key: Named, before: Data, after: Data): UpdatePlan {
  return {
    causes: [
      ...(same(before.selector, after.selector) ? [] : [immutable('spec.selector', labelSelectorObject(after.selector))]),
      ...(same(before.template, after.template) ? [] : [unchangeable('spec.template',
        'kes cannot change the pod template of a ReplicaSet once it exists; change its Deployment, or delete the ReplicaSet and create it again')]),
    ],
    commands: [
      ...(before.replicas === after.replicas ? [] : [{ type: 'ScaleReplicaSet', data: { ...key, replicas: after.replicas } }]),
      ...((before.minReadySeconds ?? 0) === (after.minReadySeconds ?? 0) ? [] : [{ type: 'ChangeReplicaSetMinReadySeconds', data: { ...key, minReadySeconds: after.minReadySeconds ?? 0 } }]),
    ],
  };
}

/** apps/v1 ReplicaSets, with their `/scale` subresource; a DELETE may orphan their pods. */
export function replicaSets(): NamespacedObjects<'ReplicaSet', K8sReplicaSet, Data> {
  return {
    ...REPLICASET,
    model: 'ReplicaSet',
    prefix: '/apis/apps/v1',
    listKind: 'ReplicaSetList',
    apiVersion: 'apps/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.replicaSets, namespace),
    find: (models, namespace, name) => models.replicaSets.get(namespacedKey(namespace, name)),
    render: (view) => replicaSetObject(view),
    table: replicaSetTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
    schemas: APPS_V1_SCHEMAS,
    schema: `${APPS}.ReplicaSet`,
    parse: parseReplicaSetManifest,
    createCommand: 'CreateReplicaSet',
    deleteCommand: 'DeleteReplicaSet',
    plan: planReplicaSetUpdate,
    deleteAnswer: 'status',
    deleting: orphaningDependents('OrphanPod', (deps) => deps.models.pods.values()),
    statusKeptBy: 'the replicaset controller reports it',
    subresources: [scaleSubresource({ command: 'ScaleReplicaSet', counts: replicaCounts })],
  };
}
