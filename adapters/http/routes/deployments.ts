import { parseDeploymentManifest } from '../../../application/manifests/parse-manifest.js';
import type { CreateDeployment } from '../../../domain/deployment/deployment.decide.js';
import { DEFAULT_REVISION_HISTORY_LIMIT, sameStrategy, withDefaults } from '../../../domain/deployment/strategy.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { APPS_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { APPS } from '../k8s/openapi/schema.js';
import { labelSelectorObject } from '../k8s/objects/pod-spec-object.js';
import { deploymentObject } from '../k8s/objects/workload-objects.js';
import { deploymentTable } from '../k8s/objects/workload-tables.js';
import type { K8sDeployment } from '../k8s/objects/workload-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { KindNames } from './object-requests.js';
import { orphaningDependents } from './orphans.js';
import type { PlannedCommand } from '../../../application/commands/prepared-command.js';
import { immutable, same, unchangeable, type UpdatePlan } from './object-update.js';
import { replicaCounts, scaleSubresource } from './scale.js';

const DEPLOYMENT: KindNames = { kind: 'Deployment', plural: 'deployments', group: 'apps' };

type Named = { namespace: string; name: string };
type Data = CreateDeployment['data'];

/**
 * What a PUT or PATCH of a Deployment amounts to: a new strategy, a new minReadySeconds, a new pod template (a new revision, rolled
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
  if ((before.minReadySeconds ?? 0) !== (after.minReadySeconds ?? 0))
    commands.push({ type: 'ChangeDeploymentMinReadySeconds', data: { ...key, minReadySeconds: after.minReadySeconds ?? 0 } });
  if (Boolean(before.paused) !== Boolean(after.paused)) commands.push({ type: after.paused ? 'PauseDeployment' : 'ResumeDeployment', data: key });
  return { causes, commands };
}

/** apps/v1 Deployments, with their `/scale` subresource; a DELETE may orphan their ReplicaSets. */
export function deployments(): NamespacedObjects<'Deployment', K8sDeployment, Data> {
  return {
    ...DEPLOYMENT,
    model: 'Deployment',
    prefix: '/apis/apps/v1',
    listKind: 'DeploymentList',
    apiVersion: 'apps/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.deployments, namespace),
    find: (models, namespace, name) => models.deployments.get(namespacedKey(namespace, name)),
    render: (view) => deploymentObject(view),
    table: deploymentTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
    schemas: APPS_V1_SCHEMAS,
    schema: `${APPS}.Deployment`,
    parse: parseDeploymentManifest,
    createCommand: 'CreateDeployment',
    deleteCommand: 'DeleteDeployment',
    plan: planDeploymentUpdate,
    deleteAnswer: 'status',
    deleting: orphaningDependents('OrphanReplicaSet', (deps) => deps.models.replicaSets.values()),
    statusKeptBy: 'the deployment controller reports it',
    subresources: [scaleSubresource({ command: 'ScaleDeployment', counts: replicaCounts })],
  };
}
