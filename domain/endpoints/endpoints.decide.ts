import type { Decider } from '../shared/decider.js';
import { CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { dnsLabelProblem, objectNameProblem } from '../shared/labels.js';
import { isIPv4 } from '../allocation/ipv4.js';
import { PROTOCOLS } from '../service/service.js';
import {
  canonicalSubsets,
  evolveEndpoints,
  initialEndpointsState,
  sameSubsets,
  type EndpointAddress,
  type EndpointPort,
  type EndpointsEvent,
  type EndpointsKey,
  type EndpointsState,
  type EndpointSubset,
} from './endpoints.js';

/** Sent by the endpoints controller (or by hand for a service without a selector); creates the object if needed. */
export type SetEndpoints = Command<'SetEndpoints', EndpointsKey & { subsets: readonly EndpointSubset[] }>;
export type DeleteEndpoints = Command<'DeleteEndpoints', EndpointsKey>;
export type EndpointsCommand = SetEndpoints | DeleteEndpoints;

type Decision = NewEvent<EndpointsEvent>[];

const RESOURCE = 'endpoints';
const KIND = 'Endpoints';

export function endpointsProblems({ namespace, name, subsets }: SetEndpoints['data']): FieldCause[] {
  const nameProblem = objectNameProblem(name);
  const namespaceProblem = dnsLabelProblem(namespace);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: nameProblem }] : []),
    ...(namespaceProblem ? [{ field: 'metadata.namespace', message: namespaceProblem }] : []),
    ...subsets.flatMap((s, i) => subsetProblems(s, `subsets[${i}]`)),
  ];
}

function subsetProblems(subset: EndpointSubset, path: string): FieldCause[] {
  const names = new Set<string>();
  return [
    ...subset.addresses.flatMap((a, j) => addressProblems(a, `${path}.addresses[${j}]`)),
    ...subset.notReadyAddresses.flatMap((a, j) => addressProblems(a, `${path}.notReadyAddresses[${j}]`)),
    ...subset.ports.flatMap((p, j) => portProblems(p, `${path}.ports[${j}]`, subset.ports.length > 1, names)),
  ];
}

function addressProblems({ ip }: EndpointAddress, path: string): FieldCause[] {
  return isIPv4(ip) ? [] : [{ field: `${path}.ip`, message: `Invalid value: "${ip}": must be a valid IP address, (e.g. 10.9.8.7)` }];
}

function portProblems({ name, port, protocol }: EndpointPort, path: string, nameRequired: boolean, names: Set<string>): FieldCause[] {
  const nameProblem = name ? dnsLabelProblem(name) : undefined;
  const duplicate = name !== undefined && names.has(name);
  if (name) names.add(name);
  return [
    ...(nameRequired && !name ? [{ field: `${path}.name`, message: 'Required value' }] : []),
    ...(nameProblem ? [{ field: `${path}.name`, message: `Invalid value: "${name}": ${nameProblem}` }] : []),
    ...(duplicate ? [{ field: `${path}.name`, message: `Duplicate value: "${name}"` }] : []),
    ...(Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [{ field: `${path}.port`, message: `Invalid value: ${port}: must be between 1 and 65535, inclusive` }]),
    ...(PROTOCOLS.includes(protocol) ? [] : [{ field: `${path}.protocol`, message: `Unsupported value: "${protocol}": supported values: "TCP", "UDP"` }]),
  ];
}

function set(data: SetEndpoints['data'], state: EndpointsState): Decision {
  const causes = endpointsProblems(data);
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  if (state.status === 'active' && sameSubsets(state.subsets, data.subsets)) return [];
  return [{ type: 'EndpointsUpdated', data: { namespace: data.namespace, name: data.name, subsets: canonicalSubsets(data.subsets) } }];
}

function remove({ namespace, name }: DeleteEndpoints['data'], state: EndpointsState): Decision {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return [{ type: 'EndpointsDeleted', data: { namespace, name } }];
}

export function decideEndpoints(command: EndpointsCommand, state: EndpointsState): Decision {
  switch (command.type) {
    case 'SetEndpoints':
      return set(command.data, state);
    case 'DeleteEndpoints':
      return remove(command.data, state);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown endpoints command ${(unknown as Command).type}`);
    }
  }
}

export const endpointsDecider: Decider<EndpointsState, EndpointsCommand, EndpointsEvent> = {
  decide: decideEndpoints,
  evolve: evolveEndpoints,
  initialState: initialEndpointsState,
};
