import test from 'ava';
import type { EventStore } from '../../application/ports/event-store.js';
import { readAudit } from '../../application/queries/audit-log.js';
import { auditStream, type RefusalRecord } from '../../domain/audit/audit.js';
import { SCHEMA_VERSION } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';

const ids = new UuidIds();
const START = Date.parse('2026-12-01T00:00:00Z');

const metadata = (at: string, actor: string) => {
  const commandId = ids.newId();
  return { actor, commandId, correlationId: commandId, causationId: commandId, at, schemaVersion: SCHEMA_VERSION };
};

/** Three days of a log: a ConfigMap changed every few minutes, and a refused delete of node `n-<hour>` every six hours. */
async function threeDays(): Promise<{ store: MemoryEventStore; refusals: number; events: number }> {
  const store = new MemoryEventStore();
  let refusals = 0;
  for (let minute = 0; minute < 3 * 24 * 60; minute += 3) {
    const at = new Date(START + minute * 60_000).toISOString();
    const revision = minute / 3;
    await store.append('configmap-default.settings', [{ id: ids.newId(), type: 'ConfigMapDataChanged', data: { namespace: 'default', name: 'settings', data: { minute: String(minute) } }, metadata: metadata(at, 'kubernetes-admin') }], revision - 1);
    if (minute % 360 !== 0) continue;
    const record: RefusalRecord = {
      actor: 'mallory', source: '10.0.0.9', asked: { verb: 'delete', apiGroup: '', resource: 'nodes', subresource: '', namespace: '', name: `n-${minute / 60}`, path: `/api/v1/nodes/n-${minute / 60}` },
      code: 403, reason: 'Forbidden', message: 'nodes is forbidden', count: 1, firstAt: at, lastAt: at,
    };
    await store.append(auditStream(at), [{ id: ids.newId(), type: 'RequestRefused', data: record, metadata: metadata(at, 'system:kes-apiserver') }], 'any');
    refusals++;
  }
  return { store, refusals, events: await store.headPosition() };
}

function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
    readAll: async (after: number, limit: number) => {
      const page = await store.readAll(after, limit);
      read += page.length;
      return page;
    },
  });
  return { store: wrapped, read: () => read };
}

test('refusals are read from their day streams, not by reading the whole log; since a time starts at that time', async (t) => {
  const log = await threeDays();
  const { store, read } = counting(log.store);
  const all = await readAudit(store, { refusedOnly: true, limit: 1000 });
  t.is(all.items.length, log.refusals);
  t.deepEqual(all.items.map((i) => i.position), [...all.items.map((i) => i.position)].sort((a, b) => a - b));
  t.true(read() <= 3, `read ${read()} events of the log's ${log.events}`);

  const lastDay = await readAudit(store, { refusedOnly: true, sinceTime: '2026-12-03T00:00:00Z', limit: 1000 });
  t.deepEqual(lastDay.items.map((i) => i.object.name), ['n-48', 'n-54', 'n-60', 'n-66']);
  const paged = await readAudit(store, { refusedOnly: true, limit: 2 });
  t.is(paged.items.length, 2);
  t.is(paged.next, all.items[2]!.position);
});

test('the audit with accepted commands, since a time, reads the log from that time on', async (t) => {
  const log = await threeDays();
  const { store, read } = counting(log.store);
  const page = await readAudit(store, { sinceTime: '2026-12-03T12:00:00Z', actor: 'mallory', limit: 1000 });
  t.deepEqual(page.items.map((i) => i.object.name), ['n-60', 'n-66']);
  t.true(read() < log.events / 2, `read ${read()} events of the log's ${log.events}`);
});
