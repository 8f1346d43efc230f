import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseReplicaSetManifest } from '../../../application/manifests/parse-manifest.js';
import type { ReplicaSetView } from '../../../application/projections/workload-views.js';
import type { CreateReplicaSet } from '../../../domain/replicaset/replicaset.decide.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { writeObject } from '../write.js';
import { APPS_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { APPS } from '../k8s/openapi/schema.js';
import { labelSelectorObject } from '../k8s/objects/pod-spec-object.js';
import { replicaSetObject } from '../k8s/objects/workload-objects.js';
import { replicaSetTable } from '../k8s/objects/workload-tables.js';
import type { K8sReplicaSet } from '../k8s/objects/workload-types.js';
import { createNamespaced } from './object-create.js';
import { mapView, namespacedEntries, objectReadRoutes } from './object-reads.js';
import { deleteConditions, deletedStatus, isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { orphanDependents, propagationPolicyOf } from './orphans.js';
import { immutable, same, unchangeable, updateObject, type UpdatePlan } from './object-update.js';
import { scaleRoutes } from './scale.js';

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
    commands: before.replicas === after.replicas ? [] : [{ type: 'ScaleReplicaSet', data: { ...key, replicas: after.replicas } }],
  };
}

/** apps/v1 ReplicaSets, with their `/scale` subresource. */
export function replicaSetRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const find = (namespace: string, name: string) => deps.models.replicaSets.get(namespacedKey(namespace, name));
  const render = (view: ReplicaSetView): K8sReplicaSet => replicaSetObject(view);

  objectReadRoutes(app, deps, {
    ...REPLICASET,
    model: 'ReplicaSet',
    prefix: '/apis/apps/v1',
    listKind: 'ReplicaSetList',
    apiVersion: 'apps/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.replicaSets, namespace),
    find: (models, namespace, name) => models.replicaSets.get(namespacedKey(namespace, name)),
    render,
    table: replicaSetTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
  });

  app.post('/apis/apps/v1/namespaces/:namespace/replicasets', (request, reply) =>
    createNamespaced(deps, request, reply, {
      ...REPLICASET,
      command: 'CreateReplicaSet',
      parse: parseReplicaSetManifest,
      created: (namespace, name) => render(find(namespace, name)!),
    }));

  const item = '/apis/apps/v1/namespaces/:namespace/replicasets/:name';

  app.delete(item, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(REPLICASET, name));
    const conditions = deleteConditions(request, render(view).metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const policy = propagationPolicyOf(request);
    if (isStatus(policy)) return sendStatus(reply, policy);
    if (policy === 'Orphan') await orphanDependents(deps, request, 'OrphanPod', view.meta.uid, deps.models.pods.values());
    await writeObject(deps, request, [{ type: 'DeleteReplicaSet', data: { namespace, name } }], conditions);
    return deletedStatus(REPLICASET, name, view.meta.uid);
  });

  const update = (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    return updateObject(deps, request, reply, {
      ...REPLICASET,
      name,
      read: () => mapView(find(namespace, name), render),
      schemas: APPS_V1_SCHEMAS,
      schema: `${APPS}.ReplicaSet`,
      parse: parseReplicaSetManifest,
      plan: (before, after) => planReplicaSetUpdate({ namespace, name }, before, after),
      updated: () => render(find(namespace, name)!),
    });
  };
  app.patch(item, update);
  app.put(item, update);

  scaleRoutes(app, deps, {
    ...REPLICASET,
    command: 'ScaleReplicaSet',
    find: (namespace, name) => {
      const view = find(namespace, name);
      return view && { meta: view.meta, resourceVersion: view.resourceVersion, replicas: view.spec.replicas, observed: view.status.replicas, selector: view.spec.selector };
    },
  });
}
