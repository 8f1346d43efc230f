import test from 'ava';
import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { startRelay, type RelayCheckpoint } from '../../application/events/relay.js';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { InProcessEventBus } from '../../infrastructure/inprocess/inprocess-event-bus.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';

const metadata = { actor: 'test', commandId: 'c', correlationId: 'c', causationId: 'c', at: '2024-01-01T00:00:00Z', schemaVersion: 1 };

async function given(store: MemoryEventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append('node-worker-1', [{ id: randomUUID(), type: 'NodeCordoned', data: {}, metadata }], 'any');
  }
}

function memoryCheckpoint(position = 0): RelayCheckpoint & { position: number } {
  return {
    position,
    async load() {
      return this.position;
    },
    async save(p) {
      this.position = p;
    },
  };
}

/** A bus that remembers every publish call, so a re-publish shows even though the bus drops it. */
function recordingBus(inner: EventBus = new InProcessEventBus()) {
  const published: number[] = [];
  const bus: EventBus = {
    publish: (event) => (published.push(event.position), inner.publish(event)),
    publishAll: (events) => (published.push(...events.map((e) => e.position)), inner.publishAll(events)),
    follow: (after) => inner.follow(after),
    close: () => inner.close(),
  };
  return { bus, published };
}

const firstPositions = (bus: EventBus, count: number) =>
  firstValueFrom(bus.follow(0).pipe(take(count), toArray(), timeout(5_000))).then((es: RecordedEvent[]) =>
    es.map((e) => e.position),
  );

async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('relays the stored events, then each new one, and checkpoints the last published position', async (t) => {
  const store = new MemoryEventStore();
  const bus = new InProcessEventBus();
  const checkpoint = memoryCheckpoint();
  await given(store, 3);

  const relay = startRelay(store, bus, checkpoint);
  t.teardown(() => relay.stop());
  t.deepEqual(await firstPositions(bus, 3), [1, 2, 3]);

  await given(store, 2);
  t.deepEqual(await firstPositions(bus, 5), [1, 2, 3, 4, 5]);
  await until(() => checkpoint.position === 5);
  t.pass();
});

test('a relay restarted from its checkpoint publishes nothing twice', async (t) => {
  const store = new MemoryEventStore();
  const { bus, published } = recordingBus();
  const checkpoint = memoryCheckpoint();
  await given(store, 3);

  const first = startRelay(store, bus, checkpoint);
  await until(() => checkpoint.position === 3);
  await first.stop();
  await given(store, 2);

  const second = startRelay(store, bus, checkpoint);
  t.teardown(() => second.stop());
  await until(() => checkpoint.position === 5);
  t.deepEqual(published, [1, 2, 3, 4, 5]);
  t.deepEqual(await firstPositions(bus, 5), [1, 2, 3, 4, 5]);
});

test('a failed publish is retried from the checkpoint, which never passes an unpublished event', async (t) => {
  const store = new MemoryEventStore();
  const inner = new InProcessEventBus();
  const checkpoint = memoryCheckpoint();
  const errors: unknown[] = [];
  let failuresLeft = 2;
  const publish = async (event: RecordedEvent) => {
    if (event.position === 2 && failuresLeft-- > 0) throw new Error('bus unavailable');
    await inner.publish(event);
  };
  const flakyBus: EventBus = {
    publish,
    publishAll: async (events) => {
      for (const event of events) await publish(event);
    },
    follow: (after) => inner.follow(after),
    close: () => inner.close(),
  };
  await given(store, 3);

  const relay = startRelay(store, flakyBus, checkpoint, { onError: (e) => errors.push(e) });
  t.teardown(() => relay.stop());
  t.deepEqual(await firstPositions(inner, 3), [1, 2, 3]);
  t.is(errors.length, 2);
  await until(() => checkpoint.position === 3);
});

test('events stored while a publish is under way go to the bus together, in order, in the next batch', async (t) => {
  const store = new MemoryEventStore();
  const inner = new InProcessEventBus();
  const batches: number[][] = [];
  let release!: () => void;
  const firstHeld = new Promise<void>((resolve) => (release = resolve));
  const slowBus: EventBus = {
    publish: (event) => inner.publish(event),
    publishAll: async (events) => {
      batches.push(events.map((e) => e.position));
      if (batches.length === 1) await firstHeld;
      await inner.publishAll(events);
    },
    follow: (after) => inner.follow(after),
    close: () => inner.close(),
  };
  const checkpoint = memoryCheckpoint();
  const relay = startRelay(store, slowBus, checkpoint);
  t.teardown(() => relay.stop());
  await given(store, 1);
  await until(() => batches.length === 1);
  await given(store, 3);
  release();
  t.deepEqual(await firstPositions(inner, 4), [1, 2, 3, 4]);
  await until(() => checkpoint.position === 4);
  t.deepEqual(batches, [[1], [2, 3, 4]]);
});
