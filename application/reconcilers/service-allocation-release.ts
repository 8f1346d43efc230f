import { filter, map } from 'rxjs';
import { CLUSTER_IPS, NODE_PORTS } from '../../domain/allocation/allocation.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

const RANGES = [CLUSTER_IPS, NODE_PORTS];

/** The Service an allocation owner names: `ns/name` for a ClusterIP, `ns/name:port/protocol` for a NodePort. */
const serviceKeyOf = (owner: string) => owner.split(':')[0]!.replace('/', '.');

/**
 * Gives back a deleted Service's ClusterIP and NodePorts, however it was deleted (by the API, or with its
 * namespace): at once when the deletion is seen, and by a periodic scan for what was missed (a control plane
 * stopped between the deletion and the release). The API server allocates before it creates, so an
 * allocation without its Service may be one being made: as Kubernetes' allocator repair loop does, the scan
 * gives back only what it found without a Service on its previous run too. Releasing what is already
 * released appends nothing.
 */
export function serviceAllocationRelease(models: ReadModels, resyncMs = 60_000): Reconciler {
  let suspected = new Set<string>();

  const withoutService = () =>
    new Set(
      RANGES.flatMap((range) => Object.keys(models.allocations.get(range)?.state.values ?? {}))
        .map(serviceKeyOf)
        .filter((key) => !models.services.has(key)),
    );

  /** Services gone since the last scan too; the ones gone only now are looked at again next time. */
  const leaked = () => {
    const now = withoutService();
    const found = [...now].filter((key) => suspected.has(key));
    suspected = now;
    return found;
  };

  const reconcile = (key: string): PlannedCommand[] => {
    if (models.services.has(key)) return [];
    return RANGES.flatMap((range) =>
      Object.entries(models.allocations.get(range)?.state.values ?? {})
        .filter(([owner]) => serviceKeyOf(owner) === key)
        .map(([, value]) => ({ type: 'Release', data: { name: range, value } })),
    );
  };
  return {
    name: 'service-allocation-release',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: leaked,
    triggers: changesOf(models, 'Service').pipe(filter((c) => c.type === 'DELETED'), map((c) => c.key)),
    reconcile,
    // Its keys are Services already deleted: there is no object to warn on, so its failures are only logged.
    subjectOf: () => undefined,
  };
}
