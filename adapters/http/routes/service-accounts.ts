import { parseServiceAccountManifest } from '../../../application/manifests/parse-config-manifests.js';
import type { CreateServiceAccount } from '../../../domain/serviceaccount/serviceaccount.decide.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { serviceAccountObject, serviceAccountTable, type K8sServiceAccount } from '../k8s/objects/service-account.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import { unchangeable, type UpdatePlan } from './object-update.js';

type Data = CreateServiceAccount['data'];

/** Only labels and annotations change once a ServiceAccount exists (they are planned apart); kes has no command for the rest. */
export function planServiceAccountUpdate(_key: { namespace: string; name: string }, before: Data, after: Data): UpdatePlan {
  const same = before.automountServiceAccountToken === after.automountServiceAccountToken;
  return {
    causes: same ? [] : [unchangeable('automountServiceAccountToken', 'kes cannot change automountServiceAccountToken once the ServiceAccount exists; delete it and create it again')],
    commands: [],
  };
}

/** core/v1 ServiceAccounts: objects with a name (their tokens: TokenRequest, routes/token-requests.ts); each namespace gets `default` from the serviceaccount controller. */
export function serviceAccounts(): NamespacedObjects<'ServiceAccount', K8sServiceAccount, Data> {
  return {
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    model: 'ServiceAccount',
    prefix: '/api/v1',
    listKind: 'ServiceAccountList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.serviceAccounts, namespace),
    find: (models, namespace, name) => models.serviceAccounts.get(namespacedKey(namespace, name)),
    render: serviceAccountObject,
    table: serviceAccountTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace }),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.ServiceAccount`,
    parse: parseServiceAccountManifest,
    createCommand: 'CreateServiceAccount',
    deleteCommand: 'DeleteServiceAccount',
    plan: planServiceAccountUpdate,
    deleteAnswer: 'object',
  };
}
