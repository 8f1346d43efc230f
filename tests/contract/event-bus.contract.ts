import test, { type ExecutionContext } from 'ava';
import { firstValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

/** Opens a fresh, empty bus for one test and registers its clean-up with `t.teardown`. */
export type OpenBus = (t: ExecutionContext) => Promise<EventBus>;

const STREAMS = ['cluster', 'node-worker-1', 'pod-default.web-1'];

/** A recorded event at `position`; the id is derived from the position so re-creating it is a duplicate. */
export function recorded(position: number, stream = STREAMS[position % STREAMS.length]!): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'SomethingHappened',
    stream,
    revision: position - 1,
    position,
    data: { n: position },
    metadata: {
      actor: 'test',
      commandId: `c${position}`,
      correlationId: `c${position}`,
      causationId: `c${position}`,
      at: '2024-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

export function first<T>(events: Observable<T>, count: number): Promise<T[]> {
  return firstValueFrom(events.pipe(take(count), toArray(), timeout(10_000)));
}

async function publishAll(bus: EventBus, positions: number[]): Promise<void> {
  for (const position of positions) await bus.publish(recorded(position));
}

const positions = (events: RecordedEvent[]) => events.map((e) => e.position);

/** The behaviour every EventBus adapter must show. */
export function eventBusContract(adapter: string, open: OpenBus): void {
  test(`${adapter}: follow(0) delivers every published event in position order, unchanged`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1, 2, 3]);
    const events = await first(bus.follow(0), 3);
    t.deepEqual(events, [recorded(1), recorded(2), recorded(3)]);
  });

  test(`${adapter}: follow(after) skips positions up to and including after`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1, 2, 3, 4, 5]);
    t.deepEqual(positions(await first(bus.follow(2), 3)), [3, 4, 5]);
  });

  test(`${adapter}: follow(after) past the last event waits for new ones`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1, 2]);
    const next = first(bus.follow(5), 1);
    await publishAll(bus, [3, 4, 5, 6]);
    t.deepEqual(positions(await next), [6]);
  });

  test(`${adapter}: an event published twice is delivered once`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1, 1, 2]);
    const received = first(bus.follow(0), 4);
    await publishAll(bus, [2, 3, 3, 4]);
    t.deepEqual(positions(await received), [1, 2, 3, 4]);
  });

  test(`${adapter}: publishAll puts each batch on the bus in order`, async (t) => {
    const bus = await open(t);
    await bus.publishAll([recorded(1), recorded(2), recorded(3)]);
    await bus.publishAll([recorded(4), recorded(5)]);
    await bus.publishAll([]);
    t.deepEqual(positions(await first(bus.follow(0), 5)), [1, 2, 3, 4, 5]);
  });

  test(`${adapter}: a follower receives events published after it started`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1]);
    const received: RecordedEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const subscription = bus.follow(0).subscribe({
        next: (event) => {
          received.push(event);
          if (event.position === 1) void publishAll(bus, [2, 3]).catch(reject);
          if (received.length === 3) resolve(subscription.unsubscribe());
        },
        error: reject,
      });
    });
    await done;
    t.deepEqual(positions(received), [1, 2, 3]);
  });

  test(`${adapter}: two followers each receive every event`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1]);
    const a = first(bus.follow(0), 3);
    const b = first(bus.follow(0), 3);
    await publishAll(bus, [2, 3]);
    t.deepEqual(positions(await a), [1, 2, 3]);
    t.deepEqual(positions(await b), [1, 2, 3]);
  });

  test(`${adapter}: close completes every follower`, async (t) => {
    const bus = await open(t);
    await publishAll(bus, [1]);
    const received: RecordedEvent[] = [];
    let seen!: () => void;
    const live = new Promise<void>((resolve) => (seen = resolve));
    const completed = new Promise<void>((resolve, reject) =>
      bus.follow(0).subscribe({ next: (e) => (received.push(e), seen()), complete: resolve, error: reject }),
    );
    await live;
    await bus.close();
    await completed;
    t.deepEqual(positions(received), [1]);
  });
}
