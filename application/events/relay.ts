import { defer, retry, switchMap, timer, type Subscription } from 'rxjs';
import type { RecordedEvent } from '../../domain/shared/event.js';
import type { EventBus } from '../ports/event-bus.js';
import type { EventStore } from '../ports/event-store.js';
import { inBatches } from './in-batches.js';

/** Where the relay got to: the position of the last event the bus is known to hold. */
export type RelayCheckpoint = {
  load(): Promise<number>;
  save(position: number): Promise<void>;
};

export type RelayOptions = {
  /** Called with each failure before the relay restarts from its checkpoint. */
  onError?: (error: unknown) => void;
  /** How each event is published (default: as stored); e.g. without the hashes of credentials, for a bus others read. */
  shape?: (event: RecordedEvent) => RecordedEvent;
};

export type Relay = {
  /** Stops tailing and waits for an in-flight publish and checkpoint save to finish. */
  stop(): Promise<void>;
};

const MAX_RETRY_DELAY_MS = 5_000;
/** The most events published in one go: a JetStream bus sends them pipelined and awaits their acks together. */
const MAX_BATCH = 512;

/**
 * Tails the store's global log from the checkpoint and publishes its events to the bus in position order, in
 * batches (what the store appended while the batch before was being published), saving the checkpoint after each.
 * A crash between the two re-publishes one batch, which the bus drops by id (at-least-once). On any failure it backs
 * off and starts again from the saved checkpoint.
 */
export function startRelay(
  store: EventStore,
  bus: EventBus,
  checkpoint: RelayCheckpoint,
  options: RelayOptions = {},
): Relay {
  let inFlight: Promise<void> = Promise.resolve();
  const shape = options.shape ?? ((event: RecordedEvent) => event);
  const publish = (events: RecordedEvent[]) =>
    (inFlight = bus.publishAll(events.map(shape)).then(() => checkpoint.save(events.at(-1)!.position)));

  const subscription: Subscription = defer(() => checkpoint.load())
    .pipe(
      switchMap((after) => store.subscribe(after)),
      inBatches(publish, MAX_BATCH),
      retry({
        resetOnSuccess: true,
        delay: (error: unknown, attempt) => {
          options.onError?.(error);
          return timer(Math.min(100 * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
        },
      }),
    )
    .subscribe();

  return {
    async stop() {
      subscription.unsubscribe();
      await inFlight.catch(() => undefined);
    },
  };
}
