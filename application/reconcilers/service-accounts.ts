import { map, merge } from 'rxjs';
import { DEFAULT_SERVICE_ACCOUNT } from '../../domain/serviceaccount/serviceaccount.js';
import { namespaceOfKey, namespacedKey } from '../../domain/shared/object-meta.js';
import type { IdGenerator } from '../ports/ids.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { clusterSubject } from './reconcile-subject.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

/** The namespaces that are Active: a Terminating one is being emptied, and gets nothing new. */
export const activeNamespaces = (models: ReadModels) => [...models.namespaces].filter(([, ns]) => ns.phase === 'Active').map(([name]) => name);

/**
 * kube-controller-manager's serviceaccount controller: every Active namespace has a `default` ServiceAccount,
 * made again if it is deleted. Keyed by namespace.
 */
export function serviceAccountController(models: ReadModels, ids: IdGenerator, resyncMs = 30_000): Reconciler {
  const reconcile = (namespace: string): PlannedCommand[] => {
    if (models.namespaces.get(namespace)?.phase !== 'Active') return [];
    if (models.serviceAccounts.has(namespacedKey(namespace, DEFAULT_SERVICE_ACCOUNT))) return [];
    const meta = { name: DEFAULT_SERVICE_ACCOUNT, namespace, uid: ids.newId(), labels: {}, annotations: {}, ownerReferences: [] };
    return [{ type: 'CreateServiceAccount', data: { meta } }];
  };
  return {
    name: 'serviceaccount',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => activeNamespaces(models),
    triggers: merge(
      changesOf(models, 'Namespace').pipe(map((c) => c.key)),
      changesOf(models, 'ServiceAccount').pipe(map((c) => namespaceOfKey(c.key))),
    ),
    reconcile,
    subjectOf: clusterSubject('Namespace', models.namespaces),
    // The namespace's creation, or the deletion of its default ServiceAccount, whichever came last.
    causeOf: (namespace) => models.lastEvents.latestOf([`namespace-${namespace}`, `serviceaccount-${namespacedKey(namespace, DEFAULT_SERVICE_ACCOUNT)}`]),
  };
}
