import test from 'ava';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract(test, 'MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});
