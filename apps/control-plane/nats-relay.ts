import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { NatsConnection } from 'nats';
import { startRelay } from '../../application/events/relay.js';
import { whileLeading, type Stoppable } from '../../application/events/while-leading.js';
import type { EventStore } from '../../application/ports/event-store.js';
import { withGuardedDataLeftOut } from '../../application/auth/readable-events.js';
import { withoutCredentialHashes } from '../../application/queries/history.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { NatsEventBus } from '../../infrastructure/nats/nats-event-bus.js';
import { NatsLeases } from '../../infrastructure/nats/nats-leases.js';

export type NatsRelaySettings = Readonly<{
  /** CloudEvents `source`: the cluster. */
  source: string;
  /** Where the event schemas are served, for CloudEvents' `dataschema`. */
  schemas?: string;
  /** How long the relay's lease lasts: another API server's relay takes over within this when this one dies. */
  leaseMs?: number;
  log: (line: string) => void;
}>;

/** Who holds a lease: this host and process, and a random part so that a restarted process is someone new. */
export const leaseHolder = () => `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

/**
 * Every stored event onto the JetStream stream KES_EVENTS, by one relay at a time however many API servers run
 * (the one holding the `relay` lease). It goes on from what the stream holds, so a crash, a restart or a NATS
 * outage loses and doubles nothing. Every node may follow the stream, so what a node may not read stays behind: the
 * hashes of credentials, and the data of Secrets and ConfigMaps. The connection stays the caller's.
 */
export async function startNatsRelay(store: EventStore, nc: NatsConnection, settings: NatsRelaySettings): Promise<Stoppable> {
  const bus = await NatsEventBus.over(nc, { source: settings.source, schemas: settings.schemas });
  const leases = await NatsLeases.open(nc, leaseHolder(), settings.leaseMs);
  const onError = (error: unknown) => settings.log(`relay to NATS: ${error instanceof Error ? error.message : String(error)}`);
  const shape = (event: RecordedEvent) => withGuardedDataLeftOut(withoutCredentialHashes(event));
  const relaying = whileLeading(leases, 'relay', () => startRelay(store, bus, bus.checkpoint(), { shape, onError }));
  return {
    stop: async () => {
      await relaying.stop();
      await leases.released();
    },
  };
}
