import { filter, map, merge } from 'rxjs';
import { namespaceOfKey, namespacedKey, splitNamespacedKey } from '../../domain/shared/object-meta.js';
import type { IdGenerator } from '../ports/ids.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { clusterSubject } from './reconcile-subject.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { activeNamespaces } from './service-accounts.js';

/** The ConfigMap every namespace has, for pods to trust the API server by (kube-controller-manager's name and key). */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';

/**
 * kube-controller-manager's root-ca-cert-publisher: every Active namespace holds `kube-root-ca.crt` with the
 * cluster CA (PEM) under `ca.crt`, made again if deleted and put back if changed. Keyed by namespace.
 */
export function rootCaPublisher(models: ReadModels, ids: IdGenerator, caCert: string, resyncMs = 30_000): Reconciler {
  const wanted = { [ROOT_CA_KEY]: caCert };
  const reconcile = (namespace: string): PlannedCommand[] => {
    if (models.namespaces.get(namespace)?.phase !== 'Active') return [];
    const current = models.configMaps.get(namespacedKey(namespace, ROOT_CA_CONFIGMAP));
    if (!current) {
      const meta = { name: ROOT_CA_CONFIGMAP, namespace, uid: ids.newId(), labels: {}, annotations: {}, ownerReferences: [] };
      return [{ type: 'CreateConfigMap', data: { meta, data: wanted } }];
    }
    const same = Object.keys(current.data).length === 1 && current.data[ROOT_CA_KEY] === caCert && Object.keys(current.binaryData).length === 0;
    return same ? [] : [{ type: 'ReplaceConfigMapData', data: { namespace, name: ROOT_CA_CONFIGMAP, data: wanted, binaryData: {} } }];
  };
  return {
    name: 'root-ca-cert-publisher',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => activeNamespaces(models),
    triggers: merge(
      changesOf(models, 'Namespace').pipe(map((c) => c.key)),
      changesOf(models, 'ConfigMap').pipe(filter((c) => splitNamespacedKey(c.key).name === ROOT_CA_CONFIGMAP), map((c) => namespaceOfKey(c.key))),
    ),
    reconcile,
    subjectOf: clusterSubject('Namespace', models.namespaces),
    // The namespace's creation, or the change of its kube-root-ca.crt, whichever came last.
    causeOf: (namespace) => models.lastEvents.latestOf([`namespace-${namespace}`, `configmap-${namespacedKey(namespace, ROOT_CA_CONFIGMAP)}`]),
  };
}
