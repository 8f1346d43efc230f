import 'reflect-metadata';
import { Container } from 'inversify';
import type { NatsConnection } from 'nats';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { Heartbeats } from '../../application/ports/heartbeats.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { LeaderElection } from '../../application/ports/leader-election.js';
import { EventFeed } from '../../application/ports/node-agent.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { apiEventsBetween } from '../../infrastructure/http-client/api-event-log.js';
import type { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { NatsCommandSender } from '../../infrastructure/nats/nats-command-sender.js';
import { NatsEventFeed } from '../../infrastructure/nats/nats-event-feed.js';
import { NatsHeartbeats } from '../../infrastructure/nats/nats-heartbeats.js';
import { NatsLeases } from '../../infrastructure/nats/nats-leases.js';
import { leaseHolder } from '../control-plane/nats-relay.js';

export type ComponentWiring = Readonly<{ nats: NatsConnection; api: ApiClient; token: string; leaseMs: number }>;
export type ComponentContainer = Readonly<{ container: Container; release: () => Promise<void> }>;

/**
 * The composition root of a component (the scheduler or the controller manager) over NATS: its event feed is
 * KES_EVENTS (relisting from the API server), its commands NATS requests with its own token, its heartbeats heard
 * on NATS, its leases in the KES_LEASES bucket. The reconcilers it runs see only the ports.
 */
export async function componentContainer(wiring: ComponentWiring): Promise<ComponentContainer> {
  const container = new Container({ defaultScope: 'Singleton' });
  const clock = new SystemClock();
  const heartbeats = new NatsHeartbeats(wiring.nats, () => clock.nowMs());
  const leases = await NatsLeases.open(wiring.nats, leaseHolder(), wiring.leaseMs);
  container.bind<Clock>(Clock).toConstantValue(clock);
  container.bind<IdGenerator>(IdGenerator).toConstantValue(new UuidIds());
  container.bind(ReadModels).toConstantValue(new ReadModels());
  container.bind<EventFeed>(EventFeed).toConstantValue(new NatsEventFeed(wiring.nats, apiEventsBetween(wiring.api)));
  container.bind<CommandSender>(CommandSender).toConstantValue(new NatsCommandSender(wiring.nats, wiring.token));
  container.bind<Heartbeats>(Heartbeats).toConstantValue(heartbeats);
  container.bind<LeaderElection>(LeaderElection).toConstantValue(leases);
  return {
    container,
    // What stays after the component stops: its leases released (the next holder need not wait them out), hearing stopped.
    release: async () => {
      await leases.released();
      heartbeats.close();
    },
  };
}
