import type { NatsConnection } from 'nats';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { NatsHeartbeats } from '../../infrastructure/nats/nats-heartbeats.js';

export type MasterNats = Readonly<{ connection: NatsConnection; heartbeats: NatsHeartbeats; close: () => Promise<void> }>;

/**
 * The API server's NATS connection: it publishes the relay's events, serves commands, and hears every node's
 * heartbeat (and publishes those renewed over HTTP), so the controller manager sees them wherever it runs.
 */
export async function connectMasterNats(servers: string, creds?: string): Promise<MasterNats> {
  const connection = await connectNats(servers, 'kes-apiserver', creds);
  const clock = new SystemClock();
  const heartbeats = new NatsHeartbeats(connection, () => clock.nowMs());
  return {
    connection,
    heartbeats,
    close: async () => {
      heartbeats.close();
      await closeConnection(connection);
    },
  };
}
