import test from 'ava';
import { listVersionRefusal } from '../../adapters/http/k8s/resource-version.js';
import { commandHandler } from '../../application/commands/handle-command.js';
import { ReadModels } from '../../application/projections/read-models.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { registration } from '../support/node-fixtures.js';

/** A store with two events and read models that have applied none of them yet. */
async function modelsBehindTheStore() {
  const store = new MemoryEventStore();
  const ids = new UuidIds();
  const handle = commandHandler(store, ids);
  for (const name of ['w1', 'w2'])
    await handle({ type: 'RegisterNode', data: registration(name), metadata: { commandId: ids.newId(), actor: 'kubernetes-admin', at: '2026-12-01T00:00:00.000Z' } } as Command);
  const models = new ReadModels();
  const catchUp = async () => (await store.readAll(0, 10)).forEach((e) => models.apply(e));
  return { store, models, catchUp };
}

test('a list at a resourceVersion the log has waits for the read models to reach it', async (t) => {
  const { store, models, catchUp } = await modelsBehindTheStore();
  setTimeout(() => void catchUp(), 50);
  t.is(await listVersionRefusal({ store, models }, '2', 2_000), undefined);
  t.is(models.position, 2);
});

test('a list whose read models do not reach its resourceVersion in time is the 504 of a version too large for them', async (t) => {
  const { store, models } = await modelsBehindTheStore();
  t.like(await listVersionRefusal({ store, models }, '2', 50), {
    code: 504, reason: 'Timeout', message: 'Timeout: Too large resource version: 2, current: 0', details: { retryAfterSeconds: 1 },
  });
});
