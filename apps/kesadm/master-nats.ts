import { connect, type NatsConnection } from 'nats';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { closeConnection, RECONNECTING } from '../../infrastructure/nats/nats-event-bus.js';
import { NatsHeartbeats } from '../../infrastructure/nats/nats-heartbeats.js';

export type MasterNats = Readonly<{ connection: NatsConnection; heartbeats: NatsHeartbeats; close: () => Promise<void> }>;

/**
 * The API server's NATS connection: it publishes the relay's events, serves commands, and hears every node's
 * heartbeat (and publishes those renewed over HTTP), so the controller manager sees them wherever it runs.
 */
export async function connectMasterNats(servers: string): Promise<MasterNats> {
  const connection = await connect({ servers, name: 'kes-apiserver', ...RECONNECTING });
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
