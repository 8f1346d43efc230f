import { parsePriorityClassManifest, type PriorityClassManifest } from '../../../application/manifests/parse-priorityclass-manifest.js';
import { SCHEDULING_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { SCHEDULING } from '../k8s/openapi/scheduling-schemas.js';
import { priorityClassObject, priorityClassTable, type K8sPriorityClass } from '../k8s/objects/priority-class.js';
import type { ClusterObjects } from './cluster-objects.js';
import type { UpdatePlan } from './object-update.js';

const IMMUTABLE = 'Forbidden: may not be changed in an update.';

/**
 * A class's value and preemptionPolicy never change (kube refuses, naming the field); its description and whether it
 * is the global default do, each by its own command. Labels and annotations are planned apart, as for every kind.
 */
export function planPriorityClassUpdate(name: string, before: PriorityClassManifest, after: PriorityClassManifest): UpdatePlan {
  const causes = [
    ...(before.value === after.value ? [] : [{ field: 'value', message: IMMUTABLE }]),
    ...(before.preemptionPolicy === after.preemptionPolicy ? [] : [{ field: 'preemptionPolicy', message: IMMUTABLE }]),
  ];
  const commands = [
    ...(before.description === after.description ? [] : [{ type: 'DescribePriorityClass', data: after.description === undefined ? { name } : { name, description: after.description } }]),
    ...(Boolean(before.globalDefault) === Boolean(after.globalDefault) ? [] : [{ type: 'ChangePriorityClassGlobalDefault', data: { name, globalDefault: Boolean(after.globalDefault) } }]),
  ];
  return { causes, commands };
}

/** scheduling.k8s.io/v1 PriorityClasses (cluster-scoped); the system ones are made by the controller manager and cannot be deleted. */
export function priorityClasses(): ClusterObjects<'PriorityClass', K8sPriorityClass, PriorityClassManifest> {
  return {
    kind: 'PriorityClass',
    plural: 'priorityclasses',
    group: 'scheduling.k8s.io',
    model: 'PriorityClass',
    prefix: '/apis/scheduling.k8s.io/v1',
    listKind: 'PriorityClassList',
    apiVersion: 'scheduling.k8s.io/v1',
    namespaced: false,
    fieldNames: ['metadata.name'],
    entries: (models) => models.priorityClasses.entries(),
    find: (models, _namespace, name) => models.priorityClasses.get(name),
    render: priorityClassObject,
    table: priorityClassTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name }),
    schemas: SCHEDULING_V1_SCHEMAS,
    schema: `${SCHEDULING}.PriorityClass`,
    parse: parsePriorityClassManifest,
    createCommand: 'CreatePriorityClass',
    deleteCommand: 'DeletePriorityClass',
    plan: planPriorityClassUpdate,
  };
}
