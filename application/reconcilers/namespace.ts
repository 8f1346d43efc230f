import { map, merge } from 'rxjs';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { splitNamespacedKey, namespaceOfKey } from '../../domain/shared/object-meta.js';

const inNamespace = (namespace: string, keys: Iterable<string>) => [...keys].filter((key) => key.startsWith(`${namespace}.`));

/**
 * Kubernetes' namespace controller: a Terminating namespace has everything in it deleted — Deployments,
 * ReplicaSets, pods (gracefully) — and is finalized once nothing is left.
 */
export function namespaceController(models: ReadModels, resyncMs = 30_000): Reconciler {
  const reconcile = (name: string): PlannedCommand[] => {
    if (models.namespaces.get(name)?.phase !== 'Terminating') return [];
    const deployments = inNamespace(name, models.deployments.keys()).map((key) => ({ type: 'DeleteDeployment', data: splitNamespacedKey(key) }));
    const replicaSets = inNamespace(name, models.replicaSets.keys()).map((key) => ({ type: 'DeleteReplicaSet', data: splitNamespacedKey(key) }));
    const podKeys = [...(models.podIndex.byNamespace.get(name) ?? [])];
    const pods = podKeys.filter((key) => models.pods.get(key)?.status !== 'terminating').map((key) => ({ type: 'DeletePod', data: splitNamespacedKey(key) }));
    const remaining = deployments.length + replicaSets.length + podKeys.length;
    return remaining === 0 ? [{ type: 'FinalizeNamespace', data: { name } }] : [...deployments, ...replicaSets, ...pods];
  };
  return {
    name: 'namespace',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => [...models.namespaces].filter(([, ns]) => ns.phase === 'Terminating').map(([name]) => name),
    triggers: merge(
      changesOf(models, 'Namespace').pipe(map((c) => c.key)),
      changesOf(models, 'Pod').pipe(map((c) => namespaceOfKey(c.key))),
      changesOf(models, 'ReplicaSet').pipe(map((c) => namespaceOfKey(c.key))),
      changesOf(models, 'Deployment').pipe(map((c) => namespaceOfKey(c.key))),
    ),
    reconcile,
  };
}
