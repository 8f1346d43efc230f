import { connect } from 'nats';
import type { EventStore } from '../../application/ports/event-store.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { NatsEventFeed } from '../../infrastructure/nats/nats-event-feed.js';
import { untilTrue } from './node-pods.js';
import { epochMs } from './pod-client.js';

/**
 * From each event's append (the moment the store tells its subscribers it committed it) to its receipt by a NATS
 * consumer of KES_EVENTS in this process (an ordered consumer, as an integrator would have), for the events stored
 * from now on. Resolves once the consumer is live (it has received the last event stored before); `stop` resolves
 * with every lag measured, in ms, ascending.
 */
export async function appendToConsumerLag(store: EventStore, natsUrl: string) {
  const head = await store.headPosition();
  const nc = await connect({ servers: natsUrl, name: 'kes-bench-consumer' });
  const appendedAt = new Map<number, number>();
  const lags: number[] = [];
  let received = 0;
  const appends = store.subscribe(head).subscribe((event) => appendedAt.set(event.position, epochMs()));
  const receipts = new NatsEventFeed(nc).follow(head - 1).subscribe((event) => {
    received = event.position;
    const at = appendedAt.get(event.position);
    if (at === undefined) return;
    appendedAt.delete(event.position);
    lags.push(epochMs() - at);
  });
  await untilTrue(() => received >= head, 30_000, `a consumer of KES_EVENTS to receive position ${head}`);
  return {
    /** Events appended whose receipt is still awaited. */
    pending: () => appendedAt.size,
    stop: async () => {
      appends.unsubscribe();
      receipts.unsubscribe();
      await closeConnection(nc);
      return lags.sort((a, b) => a - b);
    },
  };
}
