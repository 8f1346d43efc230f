import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import { labelsProblems, sameLabels, type Labels } from '../shared/labels.js';
import type { NewObjectMeta } from '../replicaset/workload-spec.js';
import {
  evolveService,
  initialServiceState,
  nodePortsOf,
  samePorts,
  type Service,
  type ServiceEvent,
  type ServiceKey,
  type ServicePort,
  type ServiceSpec,
  type ServiceState,
} from './service.js';
import { portsProblems, serviceMetaProblems, serviceSpecProblems } from './service-validation.js';

export type CreateService = Command<'CreateService', { meta: NewObjectMeta; spec: ServiceSpec }>;
/**
 * `clusterIP`, when given, is the one the manifest carries (a PUT sends the whole spec): it must be the recorded one.
 * New NodePorts are allocated by the API server before the command is sent.
 */
export type ChangeServicePorts = Command<'ChangeServicePorts', ServiceKey & { ports: readonly ServicePort[]; clusterIP?: string }>;
export type ChangeServiceSelector = Command<'ChangeServiceSelector', ServiceKey & { selector: Labels; clusterIP?: string }>;
export type DeleteService = Command<'DeleteService', ServiceKey>;

export type ServiceCommand = CreateService | ChangeServicePorts | ChangeServiceSelector | DeleteService | MetadataCommand | ReportReconcileFailure;

type Decision = NewEvent<ServiceEvent>[];

const RESOURCE = 'services';
const KIND = 'Service';

function existing(state: ServiceState, name: string): Service {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.service;
}

function create(command: CreateService, state: ServiceState): Decision {
  const { meta, spec } = command.data;
  const causes = [...serviceMetaProblems(meta), ...serviceSpecProblems(spec)];
  if (causes.length > 0) throw invalid(KIND, meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  return [{ type: 'ServiceCreated', data: { meta: { ...meta, creationTimestamp: command.metadata.at }, spec } }];
}

function keepClusterIP(service: Service, clusterIP: string | undefined): void {
  if (clusterIP === undefined || clusterIP === service.spec.clusterIP) return;
  throw invalid(KIND, service.meta.name, [{ field: 'spec.clusterIP', message: `Invalid value: "${clusterIP}": field is immutable` }]);
}

function changePorts({ namespace, name, ports, clusterIP }: ChangeServicePorts['data'], state: ServiceState): Decision {
  const service = existing(state, name);
  keepClusterIP(service, clusterIP);
  const causes = portsProblems(ports, service.spec.type);
  if (causes.length > 0) throw invalid(KIND, name, causes);
  return samePorts(service.spec.ports, ports) ? [] : [{ type: 'ServicePortsChanged', data: { namespace, name, ports } }];
}

function changeSelector({ namespace, name, selector, clusterIP }: ChangeServiceSelector['data'], state: ServiceState): Decision {
  const service = existing(state, name);
  keepClusterIP(service, clusterIP);
  const causes = labelsProblems(selector, 'spec.selector');
  if (causes.length > 0) throw invalid(KIND, name, causes);
  return sameLabels(service.spec.selector, selector) ? [] : [{ type: 'ServiceSelectorChanged', data: { namespace, name, selector } }];
}

function remove({ namespace, name }: DeleteService['data'], state: ServiceState): Decision {
  const { spec } = existing(state, name);
  return [{ type: 'ServiceDeleted', data: { namespace, name, clusterIP: spec.clusterIP, nodePorts: nodePortsOf(spec) } }];
}

export function decideService(command: ServiceCommand, state: ServiceState): Decision {
  switch (command.type) {
    case 'CreateService':
      return create(command, state);
    case 'ChangeServicePorts':
      return changePorts(command.data, state);
    case 'ChangeServiceSelector':
      return changeSelector(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'DeleteService':
      return remove(command.data, state);
    case 'ReportReconcileFailure':
      return decideReconcileFailure(command, existing(state, command.data.name));
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown service command ${(unknown as Command).type}`);
    }
  }
}

export const serviceDecider: Decider<ServiceState, ServiceCommand, ServiceEvent> = {
  decide: decideService,
  evolve: evolveService,
  initialState: initialServiceState,
};
