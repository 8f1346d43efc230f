import {
  evolveRangeAllocation, initialRangeAllocationState, valueHeldBy, type RangeAllocationEvent, type RangeAllocationState,
} from '../../domain/allocation/allocation.js';
import type { AllocatedValue, AllocationName } from '../../domain/allocation/range.js';
import type { Event, RecordedEvent } from '../../domain/shared/event.js';
import { ViewTable } from './view-table.js';

/** One configured range (service ClusterIPs or NodePorts) and who holds what in it; keyed by the range's name. */
export type AllocationView = Readonly<{ state: Extract<RangeAllocationState, { status: 'configured' }>; resourceVersion: number }>;

export const allocationViews = () =>
  new ViewTable<RangeAllocationState, AllocationView>(
    (s, e: Event) => evolveRangeAllocation(s, e as RangeAllocationEvent),
    initialRangeAllocationState,
    (s, e: RecordedEvent) => (s.status === 'configured' ? { state: s, resourceVersion: e.position } : undefined),
  );

/** What `owner` holds in the range, if it is configured and they hold anything. */
export function heldBy(views: ReadonlyMap<string, AllocationView>, name: AllocationName, owner: string): AllocatedValue | undefined {
  const view = views.get(name);
  return view ? valueHeldBy(view.state, owner) : undefined;
}
