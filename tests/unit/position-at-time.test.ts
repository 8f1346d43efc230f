import test from 'ava';
import { positionAt } from '../../application/queries/position-at-time.js';
import { parseLogPoint, positionOfPoint } from '../../application/queries/log-point.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';

const metadata = (at: string) => ({ actor: 'kubernetes-admin', commandId: 'c', correlationId: 'c', causationId: 'c', at, schemaVersion: 1 });

/** A log whose events were recorded at these times, in order (one stream, one event per append). */
async function logAt(...times: string[]): Promise<EventStore> {
  const store = new MemoryEventStore();
  for (const [i, at] of times.entries())
    await store.append('configmap-default.c', [{ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'ConfigMapCreated', data: {}, metadata: metadata(at) }], 'any');
  return store;
}

/** The same log with positions 10, 20, 30…, as a store whose positions are not dense (EventStoreDB's commit positions). */
function sparse(store: EventStore): EventStore {
  const spread = (e: RecordedEvent) => ({ ...e, position: e.position * 10 });
  return {
    append: (stream, events, expected) => store.append(stream, events, expected),
    readStream: (stream) => store.readStream(stream),
    subscribe: (after) => store.subscribe(after),
    close: () => store.close(),
    headPosition: async () => (await store.headPosition()) * 10,
    readAll: async (after, limit) => (await store.readAll(Math.floor(after / 10), limit)).map(spread),
  };
}

const at = (time: string) => new Date(time);
const TIMES = ['2026-12-01T10:00:00Z', '2026-12-01T10:00:01Z', '2026-12-01T10:00:01Z', '2026-12-01T10:00:05Z', '2026-12-01T11:00:00Z'];

test('given an empty log, every time is position 0', async (t) => {
  t.is(await positionAt(await logAt(), at('2026-12-01T10:00:00Z')), 0);
});

test('given a log, a time before its first event is position 0 and a time after its last is the head', async (t) => {
  const store = await logAt(...TIMES);
  t.is(await positionAt(store, at('2026-12-01T09:59:59.999Z')), 0);
  t.is(await positionAt(store, at('2026-12-01T11:00:00.001Z')), 5);
  t.is(await positionAt(store, at('2030-01-01T00:00:00Z')), 5);
});

test('given events at exact times, the time of an event includes it and every event recorded at that same time', async (t) => {
  const store = await logAt(...TIMES);
  t.is(await positionAt(store, at('2026-12-01T10:00:00Z')), 1);
  t.is(await positionAt(store, at('2026-12-01T10:00:01Z')), 3);
  t.is(await positionAt(store, at('2026-12-01T10:00:04.999Z')), 3);
  t.is(await positionAt(store, at('2026-12-01T10:00:05Z')), 4);
  t.is(await positionAt(store, at('2026-12-01T11:00:00Z')), 5);
});

test('given a store whose positions are not dense, the answer is still the position of the last event at or before the time', async (t) => {
  const store = sparse(await logAt(...TIMES));
  t.is(await positionAt(store, at('2026-12-01T09:00:00Z')), 0);
  t.is(await positionAt(store, at('2026-12-01T10:00:02Z')), 30);
  t.is(await positionAt(store, at('2026-12-01T10:00:05Z')), 40);
  t.is(await positionAt(store, at('2026-12-02T00:00:00Z')), 50);
});

test('given every time between the events of a long log, the answer matches a scan of the log', async (t) => {
  const base = Date.parse('2026-12-01T10:00:00Z');
  const times = Array.from({ length: 200 }, (_, i) => new Date(base + Math.floor(i / 3) * 1000).toISOString());
  const store = await logAt(...times);
  for (let second = -1; second <= 70; second++) {
    const time = new Date(base + second * 1000);
    const scanned = times.filter((x) => Date.parse(x) <= time.getTime()).length;
    t.is(await positionAt(store, time), scanned, time.toISOString());
  }
});

test('a point is a whole number (a position) or an RFC3339 time with its zone; anything else is a problem saying what is expected', (t) => {
  t.deepEqual(parseLogPoint('0'), { position: 0 });
  t.deepEqual(parseLogPoint('1200'), { position: 1200 });
  t.deepEqual(parseLogPoint('2026-12-06T10:00:00+02:00'), { time: new Date('2026-12-06T08:00:00Z') });
  t.deepEqual(parseLogPoint('2026-12-06T10:00:00.250Z'), { time: new Date('2026-12-06T10:00:00.250Z') });
  for (const bad of ['-3', '1.5', '012', '2026-12-06', '2026-12-06T10:00:00', 'now', '2026-02-30T25:00:00Z'])
    t.regex((parseLogPoint(bad) as { problem: string }).problem ?? '', /is neither a log position .* nor an RFC3339 time/, bad);
});

test('a position past the head is a problem; a time after the last event is the head', async (t) => {
  const store = await logAt(...TIMES);
  t.deepEqual(await positionOfPoint(store, { position: 6 }, 5), { problem: 'position 6 is past the end of the log (its last position is 5)' });
  t.is(await positionOfPoint(store, { position: 5 }, 5), 5);
  t.is(await positionOfPoint(store, { time: new Date('2031-01-01T00:00:00Z') }, 5), 5);
});
