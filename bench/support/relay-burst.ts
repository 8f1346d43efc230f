import { join } from 'node:path';
import { connect } from 'nats';
import { startNatsRelay } from '../../apps/control-plane/nats-relay.js';
import { nodeStream } from '../../domain/node/node.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { lastStreamPosition, removeEventStream } from './bench-nats.js';
import { benchNodeName, nodeEvent } from './node-events.js';
import { untilTrue } from './node-pods.js';
import { epochMs } from './pod-client.js';
import { buildDataset } from './store-workloads.js';

/**
 * The relay as an API server runs it (startNatsRelay: its lease, then the store's log onto KES_EVENTS), over a
 * store of its own: a burst of `events` node events appended as fast as the store takes them, timed from the
 * first append to the moment the stream holds the last. KES_EVENTS is emptied first, so the relay starts from 0.
 */
export async function relayBurst(natsUrl: string, dir: string, events: number, log: (line: string) => void) {
  await removeEventStream(natsUrl);
  const nc = await connect({ servers: natsUrl, name: 'kes-bench-relay' });
  const store = SqliteEventStore.open(join(dir, 'relay.db'));
  try {
    const jsm = await nc.jetstreamManager();
    const relay = await startNatsRelay(store, nc, { source: 'kes://bench', log });
    try {
      // One event first, so the burst starts with the relay holding its lease and tailing the store.
      const first = benchNodeName(0, 'relay-warm');
      await store.append(nodeStream(first), [nodeEvent(first, 0)], -1);
      await untilTrue(async () => (await lastStreamPosition(jsm)) === 1, 30_000, 'the relay to publish its first event');
      const start = epochMs();
      await buildDataset(store, events);
      const head = await store.headPosition();
      await untilTrue(async () => (await lastStreamPosition(jsm)) === head, 60_000 + events, `KES_EVENTS to hold all ${events} events`);
      const seconds = (epochMs() - start) / 1000;
      return { events, seconds, eventsPerS: events / seconds };
    } finally {
      await relay.stop();
    }
  } finally {
    await store.close();
    await closeConnection(nc);
  }
}
