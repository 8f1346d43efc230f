import { filter, map, merge } from 'rxjs';
import { CLUSTER_IPS, ownerOf } from '../../domain/allocation/allocation.js';
import { formatIPv4 } from '../../domain/allocation/ipv4.js';
import { sameSubsets } from '../../domain/endpoints/endpoints.js';
import {
  apiServerAddress, kubernetesEndpointSubsets, kubernetesServicePorts, KUBERNETES_SERVICE, KUBERNETES_SERVICE_LABELS, type ApiServerAddress,
} from '../../domain/service/kubernetes-service.js';
import { samePorts } from '../../domain/service/service.js';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import { clusterIPOwner } from '../allocation/service-allocations.js';
import { heldBy } from '../projections/allocation-views.js';
import type { IdGenerator } from '../ports/ids.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { namespacedSubject } from './reconcile-subject.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

const KEY = namespacedKey(KUBERNETES_SERVICE.namespace, KUBERNETES_SERVICE.name);

/**
 * The `kubernetes` Service of `default` and its Endpoints, pointing at the API server's advertised address (the
 * cluster's apiEndpoint, as kube-apiserver's own bootstrap controller keeps them). Its ClusterIP is the first
 * of the service range, which the allocator keeps for it (another if someone holds that one): allocated
 * first, then the Service is created with it. The Service has no selector, so the endpoints controller leaves
 * its Endpoints to this one.
 */
export function kubernetesServiceController(models: ReadModels, ids: IdGenerator, resyncMs = 30_000): Reconciler {
  const serviceCommands = (address: ApiServerAddress): PlannedCommand[] => {
    const service = models.services.get(KEY);
    const ports = kubernetesServicePorts(address);
    if (service) return samePorts(service.spec.ports, ports) ? [] : [{ type: 'ChangeServicePorts', data: { ...KUBERNETES_SERVICE, ports } }];
    const range = models.allocations.get(CLUSTER_IPS)?.state;
    if (!range) return [];
    const owner = clusterIPOwner(KUBERNETES_SERVICE);
    const clusterIP = heldBy(models.allocations, CLUSTER_IPS, owner);
    if (clusterIP === undefined) {
      const first = formatIPv4(range.range.first);
      return [{ type: 'Allocate', data: { name: CLUSTER_IPS, owner, ...(ownerOf(range, first) === undefined ? { requested: first } : {}) } }];
    }
    const meta = { ...KUBERNETES_SERVICE, uid: ids.newId(), labels: { ...KUBERNETES_SERVICE_LABELS }, annotations: {}, ownerReferences: [] };
    return [{ type: 'CreateService', data: { meta, spec: { type: 'ClusterIP', selector: {}, ports, clusterIP: String(clusterIP), sessionAffinity: 'None' } } }];
  };
  const endpointsCommands = (address: ApiServerAddress): PlannedCommand[] => {
    const subsets = kubernetesEndpointSubsets(address);
    const current = models.endpoints.get(KEY);
    return current && sameSubsets(current.subsets, subsets) ? [] : [{ type: 'SetEndpoints', data: { ...KUBERNETES_SERVICE, subsets } }];
  };
  const reconcile = (): PlannedCommand[] => {
    const { cluster } = models;
    if (cluster.status !== 'initialized' || models.namespaces.get(KUBERNETES_SERVICE.namespace)?.phase !== 'Active') return [];
    const address = apiServerAddress(cluster.config.apiEndpoint);
    if (!address) return [];
    const service = serviceCommands(address);
    // The Endpoints follow the Service, so that they are never there without it.
    return service.length > 0 || !models.services.has(KEY) ? service : endpointsCommands(address);
  };
  return {
    name: 'kubernetes-service',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => [KEY],
    triggers: merge(
      changesOf(models, 'Namespace').pipe(filter((c) => c.key === KUBERNETES_SERVICE.namespace)),
      changesOf(models, 'RangeAllocation').pipe(filter((c) => c.key === CLUSTER_IPS)),
      changesOf(models, 'Service').pipe(filter((c) => c.key === KEY)),
      changesOf(models, 'Endpoints').pipe(filter((c) => c.key === KEY)),
    ).pipe(map(() => KEY)),
    reconcile,
    subjectOf: namespacedSubject('Service', models.services),
  };
}
