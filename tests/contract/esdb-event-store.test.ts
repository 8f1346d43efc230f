import test from 'ava';
import type { EventStore } from '../../application/ports/event-store.js';
import { EventStoreDbEventStore } from '../../infrastructure/eventstoredb/esdb-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract(
    test,
    'EventStoreDbEventStore',
    async () => {
      const clients: EventStore[] = [EventStoreDbEventStore.connect(url)];
      const reopen = async () => {
        await clients[clients.length - 1].close();
        clients.push(EventStoreDbEventStore.connect(url));
        return clients[clients.length - 1];
      };
      return { store: clients[0], reopen, cleanup: () => clients[clients.length - 1].close() };
    },
    { contiguousPositions: false },
  );
} else {
  // Skipped, not passed: no EventStoreDB server can be installed here; docker-compose.yml provides one.
  test.skip('EventStoreDbEventStore contract: EVENTSTORE_URL is not set (e.g. esdb://localhost:2113?tls=false)', () => {});
}
