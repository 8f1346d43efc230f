import { serviceAllocations } from '../../../application/allocation/service-allocations.js';
import { parseServiceManifest } from '../../../application/manifests/parse-config-manifests.js';
import type { ServiceManifest } from '../../../application/manifests/to-config-objects.js';
import type { ServiceView } from '../../../application/projections/service-views.js';
import type { ChangeServicePorts, CreateService, DeleteService } from '../../../domain/service/service.decide.js';
import { samePorts, type ServicePort } from '../../../domain/service/service.js';
import { sameLabels } from '../../../domain/shared/labels.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { serviceObject } from '../k8s/objects/config-objects.js';
import { serviceTable } from '../k8s/objects/config-tables.js';
import type { K8sService } from '../k8s/objects/config-types.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { Preparing } from '../write.js';
import type { PlannedCommand } from '../../../application/commands/prepared-command.js';
import { immutable, unchangeable, type UpdatePlan } from './object-update.js';

type Named = { namespace: string; name: string };

/** A port that leaves its nodePort out keeps the one it has (Kubernetes' patchAllocatedValues). */
const withKeptNodePorts = (ports: readonly ServicePort[], current: readonly ServicePort[]): ServicePort[] =>
  ports.map((p) => {
    const kept = current.find((c) => c.port === p.port && c.protocol === p.protocol)?.nodePort;
    return p.nodePort === undefined && kept !== undefined ? { ...p, nodePort: kept } : p;
  });

/**
 * What a PUT or PATCH of a Service amounts to: a new selector, new ports (new NodePorts allocated on the way).
 * The ClusterIP is immutable, as in Kubernetes (left out, it is kept); kes has no command for a change of type
 * or session affinity.
 */
export function planServiceUpdate(key: Named, before: ServiceManifest, after: ServiceManifest): UpdatePlan {
  const { spec } = after;
  const causes = [
    ...(spec.clusterIP === '' || spec.clusterIP === before.spec.clusterIP ? [] : [immutable('spec.clusterIP', spec.clusterIP)]),
    ...(spec.type === before.spec.type ? [] : [unchangeable('spec.type', 'kes cannot change the type of a Service once it exists; delete it and create it again')]),
    ...((spec.sessionAffinity ?? 'None') === (before.spec.sessionAffinity ?? 'None')
      ? []
      : [unchangeable('spec.sessionAffinity', 'kes cannot change the session affinity of a Service once it exists')]),
  ];
  const commands: PlannedCommand[] = [];
  if (!sameLabels(before.spec.selector, spec.selector)) commands.push({ type: 'ChangeServiceSelector', data: { ...key, selector: spec.selector } });
  if (!samePorts(before.spec.ports, withKeptNodePorts(spec.ports, before.spec.ports)))
    commands.push({ type: 'ChangeServicePorts', data: { ...key, ports: spec.ports } });
  return { causes, commands };
}

/** Service commands go through the allocations: ClusterIP and NodePorts taken before, given back when refused or gone. */
const allocating = (deps: ApiDeps): Preparing => async (command, send) => {
  const allocations = serviceAllocations(deps.models, send);
  switch (command.type) {
    case 'CreateService':
      return allocations.create(command.data as CreateService['data']);
    case 'ChangeServicePorts':
      return allocations.changePorts(command.data as ChangeServicePorts['data']);
    case 'DeleteService':
      return allocations.remove(command.data as DeleteService['data']);
    default:
      return { command };
  }
};

/** core/v1 Services: a DELETE answers the Service. */
export function services(deps: ApiDeps): NamespacedObjects<'Service', K8sService, ServiceManifest> {
  return {
    kind: 'Service',
    plural: 'services',
    model: 'Service',
    prefix: '/api/v1',
    listKind: 'ServiceList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'],
    entries: (models, namespace) => namespacedEntries(models.services, namespace),
    find: (models, namespace, name) => models.services.get(namespacedKey(namespace, name)),
    render: (view: ServiceView) => serviceObject(view),
    table: serviceTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace, 'spec.clusterIP': view.spec.clusterIP, 'spec.type': view.spec.type }),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.Service`,
    parse: parseServiceManifest,
    createCommand: 'CreateService',
    deleteCommand: 'DeleteService',
    plan: planServiceUpdate,
    deleteAnswer: 'object',
    prepare: allocating(deps),
    statusKeptBy: 'it has no load balancers, so a Service\'s status stays empty',
  };
}
