import { filter, map } from 'rxjs';
import { CLUSTER_IPS, NODE_PORTS } from '../../domain/allocation/allocation.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

/**
 * Gives back a deleted Service's ClusterIP and NodePorts, however it was deleted (by the API, or with its
 * namespace). Woken by deletions only: a live scan would race the API server, which allocates before it
 * creates. Releasing what is already released appends nothing.
 */
export function serviceAllocationRelease(models: ReadModels): Reconciler {
  const reconcile = (key: string): PlannedCommand[] => {
    if (models.services.has(key)) return [];
    const { namespace, name } = splitNamespacedKey(key);
    const owns = (owner: string) => owner === `${namespace}/${name}` || owner.startsWith(`${namespace}/${name}:`);
    return [CLUSTER_IPS, NODE_PORTS].flatMap((range) =>
      Object.entries(models.allocations.get(range)?.state.values ?? {})
        .filter(([owner]) => owns(owner))
        .map(([, value]) => ({ type: 'Release', data: { name: range, value } })),
    );
  };
  return {
    name: 'service-allocation-release',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs: 60_000,
    keys: () => [],
    triggers: changesOf(models, 'Service').pipe(filter((c) => c.type === 'DELETED'), map((c) => c.key)),
    reconcile,
  };
}
