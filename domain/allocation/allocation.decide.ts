import type { Decider } from '../shared/decider.js';
import { CommandRefused, invalid } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import {
  evolveRangeAllocation,
  initialRangeAllocationState,
  ownerOf,
  valueHeldBy,
  type RangeAllocationEvent,
  type RangeAllocationState,
} from './allocation.js';
import {
  allocatorMessages,
  inRange,
  intToValue,
  lowestFree,
  parseRange,
  valueToInt,
  type AllocatedValue,
  type AllocationName,
  type ValueRange,
} from './range.js';

/** Sent once, at cluster init: a CIDR (10.96.0.0/12) for clusterips, a port range (30000-32767) for nodeports. */
export type ConfigureRange = Command<'ConfigureRange', { name: AllocationName; range: string }>;
/**
 * `owner` names one holding, e.g. `default/web` for a ClusterIP; a service with several NodePorts uses one owner
 * per port (e.g. `default/web:80/TCP`). Without `requested`, the lowest free value is given.
 */
export type Allocate = Command<'Allocate', { name: AllocationName; owner: string; requested?: AllocatedValue }>;
export type Release = Command<'Release', { name: AllocationName; value: AllocatedValue }>;

export type RangeAllocationCommand = ConfigureRange | Allocate | Release;

type Decision = NewEvent<RangeAllocationEvent>[];
type Configured = Extract<RangeAllocationState, { status: 'configured' }>;

const KIND = 'RangeAllocation';

function configured(state: RangeAllocationState, name: AllocationName): Configured {
  if (state.status !== 'configured')
    throw new CommandRefused('Conflict', `the ${name} range is not configured yet: ConfigureRange comes first`, { kind: KIND, name });
  return state;
}

/**
 * The message is the allocator's own (`provided IP is already allocated`), so the API server can report it under
 * the Service field that asked for the value (spec.clusterIP, spec.ports[i].nodePort), as Kubernetes does.
 */
const refusedValue = (range: ValueRange, message: string) =>
  new CommandRefused('Invalid', message, { kind: KIND, name: range.name, causes: [{ field: 'requested', message }] });

function configure({ name, range }: ConfigureRange['data'], state: RangeAllocationState): Decision {
  const parsed = parseRange(name, range);
  if (!parsed.ok) throw invalid(KIND, name, [{ field: 'range', message: parsed.problem }]);
  if (state.status !== 'configured') return [{ type: 'RangeConfigured', data: { name, range: parsed.range.text } }];
  if (state.range.text === parsed.range.text) return [];
  throw new CommandRefused('Conflict', `the ${name} range is already ${state.range.text}; it cannot be changed to ${parsed.range.text}`, { kind: KIND, name });
}

function allocate({ name, owner, requested }: Allocate['data'], state: RangeAllocationState): Decision {
  const allocation = configured(state, name);
  if (owner.length === 0) throw invalid(KIND, name, [{ field: 'owner', message: 'Required value' }]);
  const held = valueHeldBy(allocation, owner);
  if (held !== undefined && (requested === undefined || requested === held)) return [];
  if (held !== undefined)
    throw new CommandRefused('Conflict', `${owner} already holds ${held}: release it before asking for ${requested}`, { kind: KIND, name });
  const value = requested === undefined ? next(allocation) : checked(allocation, requested);
  return [{ type: 'Allocated', data: { name, value, owner } }];
}

function checked(allocation: Configured, requested: AllocatedValue): AllocatedValue {
  const { range } = allocation;
  const says = allocatorMessages(range);
  const n = valueToInt(range, requested);
  if (n === undefined) throw refusedValue(range, says.noValue);
  if (!inRange(range, n)) throw refusedValue(range, says.notInRange(requested));
  const value = intToValue(range, n);
  if (ownerOf(allocation, value) !== undefined) throw refusedValue(range, says.allocated);
  return value;
}

function next(allocation: Configured): AllocatedValue {
  const { range } = allocation;
  const n = lowestFree(range, (value) => ownerOf(allocation, value) !== undefined, allocation.count);
  if (n === undefined) throw new CommandRefused('Conflict', allocatorMessages(range).full, { kind: KIND, name: range.name });
  return intToValue(range, n);
}

function release({ name, value }: Release['data'], state: RangeAllocationState): Decision {
  const owner = ownerOf(state, value);
  return owner === undefined ? [] : [{ type: 'Released', data: { name, value, owner } }];
}

export function decideRangeAllocation(command: RangeAllocationCommand, state: RangeAllocationState): Decision {
  switch (command.type) {
    case 'ConfigureRange':
      return configure(command.data, state);
    case 'Allocate':
      return allocate(command.data, state);
    case 'Release':
      return release(command.data, state);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown allocation command ${(unknown as Command).type}`);
    }
  }
}

export const rangeAllocationDecider: Decider<RangeAllocationState, RangeAllocationCommand, RangeAllocationEvent> = {
  decide: decideRangeAllocation,
  evolve: evolveRangeAllocation,
  initialState: initialRangeAllocationState,
};
