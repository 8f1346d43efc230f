import { map, merge } from 'rxjs';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

const inNamespace = (namespace: string, keys: Iterable<string>) => [...keys].filter((key) => key.startsWith(`${namespace}.`));
const keyParts = (key: string) => ({ namespace: key.slice(0, key.indexOf('.')), name: key.slice(key.indexOf('.') + 1) });

/**
 * Kubernetes' namespace controller: a Terminating namespace has everything in it deleted — Deployments,
 * ReplicaSets, pods (gracefully) — and is finalized once nothing is left.
 */
export function namespaceController(models: ReadModels, resyncMs = 30_000): Reconciler {
  const reconcile = (name: string): PlannedCommand[] => {
    if (models.namespaces.get(name)?.phase !== 'Terminating') return [];
    const deployments = inNamespace(name, models.deployments.keys()).map((key) => ({ type: 'DeleteDeployment', data: keyParts(key) }));
    const replicaSets = inNamespace(name, models.replicaSets.keys()).map((key) => ({ type: 'DeleteReplicaSet', data: keyParts(key) }));
    const podKeys = [...(models.podIndex.byNamespace.get(name) ?? [])];
    const pods = podKeys.filter((key) => models.pods.get(key)?.status !== 'terminating').map((key) => ({ type: 'DeletePod', data: keyParts(key) }));
    const remaining = deployments.length + replicaSets.length + podKeys.length;
    return remaining === 0 ? [{ type: 'FinalizeNamespace', data: { name } }] : [...deployments, ...replicaSets, ...pods];
  };
  const namespaceOf = (key: string) => key.slice(0, key.indexOf('.'));
  return {
    name: 'namespace',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => [...models.namespaces].filter(([, ns]) => ns.phase === 'Terminating').map(([name]) => name),
    triggers: merge(
      changesOf(models, 'Namespace').pipe(map((c) => c.key)),
      changesOf(models, 'Pod').pipe(map((c) => namespaceOf(c.key))),
      changesOf(models, 'ReplicaSet').pipe(map((c) => namespaceOf(c.key))),
      changesOf(models, 'Deployment').pipe(map((c) => namespaceOf(c.key))),
    ),
    reconcile,
  };
}
