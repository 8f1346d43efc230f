import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseDeploymentManifest } from '../../../application/manifests/parse-manifest.js';
import type { DeploymentView } from '../../../application/projections/workload-views.js';
import type { CreateDeployment } from '../../../domain/deployment/deployment.decide.js';
import { DEFAULT_REVISION_HISTORY_LIMIT, sameStrategy, withDefaults } from '../../../domain/deployment/strategy.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { writeObject } from '../write.js';
import { APPS_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { APPS } from '../k8s/openapi/schema.js';
import { labelSelectorObject } from '../k8s/objects/pod-spec-object.js';
import { deploymentObject } from '../k8s/objects/workload-objects.js';
import { deploymentTable } from '../k8s/objects/workload-tables.js';
import type { K8sDeployment } from '../k8s/objects/workload-types.js';
import { createNamespaced } from './object-create.js';
import { mapView, namespacedEntries, objectReadRoutes } from './object-reads.js';
import { deleteConditions, deletedStatus, isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { orphanDependents, propagationPolicyOf } from './orphans.js';
import type { PlannedCommand } from '../../../application/commands/prepared-command.js';
import { immutable, same, unchangeable, updateObject, type UpdatePlan } from './object-update.js';
import { scaleRoutes } from './scale.js';

const DEPLOYMENT: KindNames = { kind: 'Deployment', plural: 'deployments', group: 'apps' };

type Named = { namespace: string; name: string };
type Data = CreateDeployment['data'];

/**
 * What a PUT or PATCH of a Deployment amounts to: a new strategy, a new pod template (a new revision, rolled
 * out by the Deployment controller), a new replica count, and a pause or resume (`kubectl rollout pause`). The selector is immutable, as in Kubernetes;
 * revisionHistoryLimit has no command in kes.
 */
export function planDeploymentUpdate(key: Named, before: Data, after: Data): UpdatePlan {
  const limit = (d: Data) => d.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  const causes = [
    ...(same(before.selector, after.selector) ? [] : [immutable('spec.selector', labelSelectorObject(after.selector))]),
    ...(limit(before) === limit(after) ? [] : [unchangeable('spec.revisionHistoryLimit', 'kes cannot change the revision history limit of a Deployment once it exists')]),
  ];
  const commands: PlannedCommand[] = [];
  if (!sameStrategy(withDefaults(before.strategy), withDefaults(after.strategy)))
    commands.push({ type: 'ChangeDeploymentStrategy', data: { ...key, strategy: after.strategy ?? { type: 'RollingUpdate' } } });
  if (!same(before.template, after.template)) commands.push({ type: 'ChangeDeploymentTemplate', data: { ...key, template: after.template } });
  if (before.replicas !== after.replicas) commands.push({ type: 'ScaleDeployment', data: { ...key, replicas: after.replicas } });
  if (Boolean(before.paused) !== Boolean(after.paused)) commands.push({ type: after.paused ? 'PauseDeployment' : 'ResumeDeployment', data: key });
  return { causes, commands };
}

/** apps/v1 Deployments, with their `/scale` subresource. */
export function deploymentRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const find = (namespace: string, name: string) => deps.models.deployments.get(namespacedKey(namespace, name));
  const render = (view: DeploymentView): K8sDeployment => deploymentObject(view);

  objectReadRoutes(app, deps, {
    ...DEPLOYMENT,
    model: 'Deployment',
    prefix: '/apis/apps/v1',
    listKind: 'DeploymentList',
    apiVersion: 'apps/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.deployments, namespace),
    find: (models, namespace, name) => models.deployments.get(namespacedKey(namespace, name)),
    render,
    table: deploymentTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
  });

  app.post('/apis/apps/v1/namespaces/:namespace/deployments', (request, reply) =>
    createNamespaced(deps, request, reply, {
      ...DEPLOYMENT,
      command: 'CreateDeployment',
      parse: parseDeploymentManifest,
      created: (namespace, name) => render(find(namespace, name)!),
    }));

  const item = '/apis/apps/v1/namespaces/:namespace/deployments/:name';

  app.delete(item, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(DEPLOYMENT, name));
    const conditions = deleteConditions(request, render(view).metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const policy = propagationPolicyOf(request);
    if (isStatus(policy)) return sendStatus(reply, policy);
    if (policy === 'Orphan') await orphanDependents(deps, request, 'OrphanReplicaSet', view.meta.uid, deps.models.replicaSets.values());
    await writeObject(deps, request, [{ type: 'DeleteDeployment', data: { namespace, name } }], conditions);
    return deletedStatus(DEPLOYMENT, name, view.meta.uid);
  });

  const update = (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    return updateObject(deps, request, reply, {
      ...DEPLOYMENT,
      name,
      read: () => mapView(find(namespace, name), render),
      schemas: APPS_V1_SCHEMAS,
      schema: `${APPS}.Deployment`,
      parse: parseDeploymentManifest,
      plan: (before, after) => planDeploymentUpdate({ namespace, name }, before, after),
      updated: () => render(find(namespace, name)!),
    });
  };
  app.patch(item, update);
  app.put(item, update);

  scaleRoutes(app, deps, {
    ...DEPLOYMENT,
    command: 'ScaleDeployment',
    find: (namespace, name) => {
      const view = find(namespace, name);
      return view && { meta: view.meta, resourceVersion: view.resourceVersion, replicas: view.spec.replicas, observed: view.status.replicas, selector: view.spec.selector };
    },
  });
}
