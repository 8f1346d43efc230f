import type { Event } from '../shared/event.js';
import { parseRange, type AllocatedValue, type AllocationName, type ValueRange } from './range.js';

export type RangeConfigured = Event<'RangeConfigured', { name: AllocationName; range: string }>;
export type Allocated = Event<'Allocated', { name: AllocationName; value: AllocatedValue; owner: string }>;
export type Released = Event<'Released', { name: AllocationName; value: AllocatedValue; owner: string }>;

export type RangeAllocationEvent = RangeConfigured | Allocated | Released;

type Holdings = Readonly<{
  /** value (as a string) → owner */
  owners: Readonly<Record<string, string>>;
  /** owner → value */
  values: Readonly<Record<string, AllocatedValue>>;
  count: number;
}>;

/** Kubernetes' RangeAllocation: one per range, so two services can never be given the same IP or NodePort. */
export type RangeAllocationState =
  | Readonly<{ status: 'unconfigured' }>
  | Readonly<{ status: 'configured'; range: ValueRange } & Holdings>;

export const CLUSTER_IPS: AllocationName = 'clusterips';
export const NODE_PORTS: AllocationName = 'nodeports';

/** `allocation-clusterips` or `allocation-nodeports`. */
export const allocationStream = (name: AllocationName) => `allocation-${name}`;
export const initialRangeAllocationState = (): RangeAllocationState => ({ status: 'unconfigured' });

const has = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

export function ownerOf(state: RangeAllocationState, value: AllocatedValue): string | undefined {
  return state.status === 'configured' && has(state.owners, String(value)) ? state.owners[String(value)] : undefined;
}

/** What an owner holds: how the API server learns its value when an Allocate appended nothing. */
export function valueHeldBy(state: RangeAllocationState, owner: string): AllocatedValue | undefined {
  return state.status === 'configured' && has(state.values, owner) ? state.values[owner] : undefined;
}

export function evolveRangeAllocation(state: RangeAllocationState, event: RangeAllocationEvent): RangeAllocationState {
  switch (event.type) {
    case 'RangeConfigured': {
      const parsed = parseRange(event.data.name, event.data.range);
      return parsed.ok ? { status: 'configured', range: parsed.range, owners: {}, values: {}, count: 0 } : state;
    }
    case 'Allocated':
      return state.status === 'configured' ? { ...state, ...allocated(state, event.data.value, event.data.owner) } : state;
    case 'Released':
      return state.status === 'configured' ? { ...state, ...released(state, event.data.value, event.data.owner) } : state;
  }
}

function allocated({ owners, values, count }: Holdings, value: AllocatedValue, owner: string): Holdings {
  return { owners: { ...owners, [String(value)]: owner }, values: { ...values, [owner]: value }, count: count + 1 };
}

function released({ owners, values, count }: Holdings, value: AllocatedValue, owner: string): Holdings {
  const { [String(value)]: _owner, ...otherOwners } = owners;
  const { [owner]: _value, ...otherValues } = values;
  return { owners: otherOwners, values: otherValues, count: count - 1 };
}
