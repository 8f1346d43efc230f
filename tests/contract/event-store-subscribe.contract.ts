import type { TestFn } from 'ava';
import type { Observable } from 'rxjs';
import type { AppendResult, EventStore } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { assertIncreasing, event, openFor, streamName, type ContractOptions, type OpenStore } from './event-store-fixtures.js';

/** A guard against a subscription that never delivers: a failure with a message, not a speed requirement. */
const GIVE_UP_MS = 60_000;

/** The subscribe part of the EventStore contract (see eventStoreContract). */
export function subscribeContract(test: TestFn, name: string, open: OpenStore, options: ContractOptions = {}): void {
  test.serial(`${name}: subscribe catches up, then follows live appends, with no gap or repeat while appends race the catch-up`, async (t) => {
    const { store } = await openFor(t, open);
    const start = await store.headPosition();
    const streams = Array.from({ length: 5 }, (_, i) => streamName(`race${i}`));
    const ours = new Set(streams);
    await appendMany(store, streams, 375, 4); // 1,500 stored events: several catch-up batches

    const received = collect(store.subscribe(start), (e) => ours.has(e.stream));
    t.teardown(() => received.stop());
    const racing = await appendMany(store, streams, 200, 3, true);
    const target = Math.max(...racing.results.map((r) => (r.ok ? r.position : 0)));
    await received.until((events) => events.some((e) => e.position >= target), `position ${target}`);

    const stored = (await readEverything(store, start)).filter((e) => ours.has(e.stream));
    t.is(stored.length, 1500 + racing.events);
    t.deepEqual(received.events.map((e) => e.id), stored.map((e) => e.id));
    t.deepEqual(received.events, stored);
    assertIncreasing(t, received.events, start);
    if (options.contiguousPositions ?? true) t.is(received.events[received.events.length - 1].position, target);
  });

  test.serial(`${name}: subscribe(after) delivers only later events, and unsubscribing stops it`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('pod');
    const ids: string[] = [];
    const positions: number[] = [];
    for (let revision = 0; revision < 5; revision++) {
      const e = event('PodStatusReported', { revision });
      const result = await store.append(stream, [e], revision - 1);
      ids.push(e.id);
      positions.push(result.ok ? result.position : NaN);
    }

    const first = collect(store.subscribe(positions[1]), (e) => e.stream === stream);
    await first.until((events) => events.length >= 3, '3 events');
    first.stop();
    const barrier = collect(store.subscribe(positions[4]), (e) => e.stream === stream);
    t.teardown(() => barrier.stop());
    await store.append(stream, [event('PodEvicted')], 4);
    await store.append(stream, [event('PodDeleted')], 5);
    await barrier.until((events) => events.length >= 2, '2 live events');

    t.deepEqual(first.events.map((e) => e.id), ids.slice(2));
    t.deepEqual(barrier.events.map((e) => e.type), ['PodEvicted', 'PodDeleted']);
  });
}

/** `count` appends of 1..`size` events over `streams`, in groups that run concurrently. */
async function appendMany(store: EventStore, streams: readonly string[], count: number, size: number, yieldOften = false) {
  const pending: Promise<AppendResult>[] = [];
  let written = 0;
  for (let i = 0; i < count; i++) {
    const events = Array.from({ length: yieldOften ? 1 + (i % size) : size }, () => event('Raced', { i }));
    written += events.length;
    pending.push(store.append(streams[i % streams.length], events, 'any'));
    if (i % 5 === 4) await (yieldOften ? new Promise((resolve) => setImmediate(resolve)) : Promise.all(pending));
  }
  const results = await Promise.all(pending);
  if (!results.every((r) => r.ok)) throw new Error('an append with expected revision "any" failed');
  return { results, events: written };
}

async function readEverything(store: EventStore, after: number): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll(after, 1000); page.length > 0; page = await store.readAll(after, 1000)) {
    all.push(...page);
    after = page[page.length - 1].position;
  }
  return all;
}

function collect(events$: Observable<RecordedEvent>, keep: (event: RecordedEvent) => boolean) {
  const events: RecordedEvent[] = [];
  let failure: unknown;
  let wake = (): void => undefined;
  const subscription = events$.subscribe({
    next: (e) => {
      if (keep(e)) events.push(e);
      wake();
    },
    error: (error: unknown) => {
      failure = error;
      wake();
    },
  });
  const until = (done: (events: readonly RecordedEvent[]) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the subscription never delivered ${what}`)), GIVE_UP_MS);
      wake = () => {
        if (failure !== undefined || done(events)) {
          clearTimeout(timer);
          if (failure === undefined) resolve();
          else reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      };
      wake();
    });
  return { events, until, stop: () => subscription.unsubscribe() };
}
