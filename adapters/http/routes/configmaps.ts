import { parseConfigMapManifest } from '../../../application/manifests/parse-config-manifests.js';
import type { CreateConfigMap } from '../../../domain/configmap/configmap.decide.js';
import { sameData } from '../../../domain/configmap/config-data.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { configMapObject } from '../k8s/objects/config-objects.js';
import { configMapTable } from '../k8s/objects/config-tables.js';
import type { K8sConfigMap } from '../k8s/objects/config-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { UpdatePlan } from './object-update.js';

type Data = CreateConfigMap['data'];

/** A ConfigMap's data and binaryData are replaced together, by one command. */
export function planConfigMapUpdate(key: { namespace: string; name: string }, before: Data, after: Data): UpdatePlan {
  const same = sameData(before.data, after.data) && sameData(before.binaryData ?? {}, after.binaryData ?? {});
  return { causes: [], commands: same ? [] : [{ type: 'ReplaceConfigMapData', data: { ...key, data: after.data, binaryData: after.binaryData ?? {} } }] };
}

/** core/v1 ConfigMaps. */
export function configMaps(): NamespacedObjects<'ConfigMap', K8sConfigMap, Data> {
  return {
    kind: 'ConfigMap',
    plural: 'configmaps',
    model: 'ConfigMap',
    prefix: '/api/v1',
    listKind: 'ConfigMapList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.configMaps, namespace),
    find: (models, namespace, name) => models.configMaps.get(namespacedKey(namespace, name)),
    render: configMapObject,
    table: configMapTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.ConfigMap`,
    parse: parseConfigMapManifest,
    createCommand: 'CreateConfigMap',
    deleteCommand: 'DeleteConfigMap',
    plan: planConfigMapUpdate,
    deleteAnswer: 'status',
  };
}
