import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { EventStore, EventToAppend } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

export type StoreUnderTest = {
  store: EventStore;
  /** Closes the store and opens it again on the same data, when the adapter keeps data. */
  reopen?: () => Promise<EventStore>;
  cleanup: () => Promise<void> | void;
};
export type OpenStore = () => Promise<StoreUnderTest>;
export type ContractOptions = Readonly<{
  /** Positions are 1, 2, 3…; false for stores whose positions only increase (EventStoreDB). */
  contiguousPositions?: boolean;
}>;

export async function openFor(t: ExecutionContext, open: OpenStore): Promise<StoreUnderTest> {
  const sut = await open();
  t.teardown(() => sut.cleanup());
  return sut;
}

/** Stream names unique to one run, so tests can share a server. */
export function streamName(category: string): string {
  return `${category}-contract_${randomUUID()}`;
}

export function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  const id = randomUUID();
  const metadata = {
    actor: 'system:contract-test',
    commandId: id,
    correlationId: id,
    causationId: id,
    at: '2024-01-01T00:00:00.000Z',
    schemaVersion: 1,
  };
  return { id, type, data, metadata };
}

export function assertIncreasing(t: ExecutionContext, events: readonly RecordedEvent[], after: number): void {
  const positions = events.map((e) => e.position);
  const increasing = positions.every((p, i) => p > (i === 0 ? after : positions[i - 1]));
  t.true(increasing, `positions must increase from ${after}: ${positions.join(', ')}`);
}

export function stripPositions(events: readonly RecordedEvent[]) {
  return events.map(({ position: _position, ...rest }) => rest);
}
