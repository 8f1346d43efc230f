import { parseSecretManifest } from '../../../application/manifests/parse-config-manifests.js';
import type { SecretManifest } from '../../../application/manifests/to-config-objects.js';
import type { SecretView } from '../../../application/projections/service-views.js';
import { openSecretValues, sealAnnotations, sealSecretManifest, sealValues } from '../../../application/secrets/secret-values.js';
import { sameData, type DataMap } from '../../../domain/configmap/config-data.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { secretObject } from '../k8s/objects/secret-object.js';
import { secretTable } from '../k8s/objects/config-tables.js';
import type { K8sSecret } from '../k8s/objects/config-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { Preparing } from '../write.js';
import { immutable, type UpdatePlan } from './object-update.js';

type Named = { namespace: string; name: string };

/** New values replace the old ones under the secret's own key; its type is immutable, as in Kubernetes. */
export function planSecretUpdate(key: Named, before: SecretManifest, after: SecretManifest): UpdatePlan {
  return {
    causes: before.type === after.type ? [] : [immutable('type', after.type)],
    commands: sameData(before.data, after.data) ? [] : [{ type: 'ReplaceSecretData', data: { ...key, type: after.type, data: after.data } }],
  };
}

/**
 * Secret commands carry ciphertext only: values are sealed here, with a new key for a new secret (destroyed
 * again if the secret is refused) and with the secret's own key for new values and a new last-applied record.
 */
const sealing = (deps: ApiDeps): Preparing => async (command) => {
  const keys = deps.secretKeys;
  if (command.type === 'CreateSecret') {
    const sealed = await sealSecretManifest(keys, command.data as SecretManifest);
    return { command: { type: 'CreateSecret', data: sealed }, undo: () => keys.destroy(sealed.keyId) };
  }
  if (command.type === 'ReplaceSecretData') {
    const { namespace, name, type, data } = command.data as Named & { type: string; data: DataMap };
    const current = deps.models.secrets.get(namespacedKey(namespace, name));
    if (!current) return { command: { type: 'ReplaceSecretData', data: { namespace, name, type, keyId: '', encryptedData: {} } } };
    return { command: { type: 'ReplaceSecretData', data: { namespace, name, type, keyId: current.keyId, encryptedData: await sealValues(keys, current.keyId, data) } } };
  }
  if (command.type === 'ChangeAnnotations') {
    // kubectl's last-applied record holds the values: sealed with the secret's key, as at creation.
    const data = command.data as Named & { set: Record<string, string> };
    const current = deps.models.secrets.get(namespacedKey(data.namespace, data.name));
    if (!current) return { command };
    return { command: { type: 'ChangeAnnotations', data: { ...data, set: await sealAnnotations(keys, current.keyId, data.set) } } };
  }
  return { command };
};

/** core/v1 Secrets: values served base64, as Kubernetes does, opened with each secret's key. */
export function secrets(deps: ApiDeps): NamespacedObjects<'Secret', K8sSecret, SecretManifest> {
  return {
    kind: 'Secret',
    plural: 'secrets',
    model: 'Secret',
    prefix: '/api/v1',
    listKind: 'SecretList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace', 'type'],
    entries: (models, namespace) => namespacedEntries(models.secrets, namespace),
    find: (models, namespace, name) => models.secrets.get(namespacedKey(namespace, name)),
    render: async (view: SecretView) => secretObject(view, await openSecretValues(deps.secretKeys, view)),
    table: secretTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace, type: view.type }),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.Secret`,
    parse: parseSecretManifest,
    createCommand: 'CreateSecret',
    deleteCommand: 'DeleteSecret',
    plan: planSecretUpdate,
    deleteAnswer: 'status',
    prepare: sealing(deps),
  };
}
