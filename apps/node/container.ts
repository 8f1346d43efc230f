import 'reflect-metadata';
import { Container } from 'inversify';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { EventFeed, HeartbeatSender } from '../../application/ports/node-agent.js';
import { PodConfigSource } from '../../application/ports/pod-config-source.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import type { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { HttpPodConfigSource } from '../../infrastructure/http-client/http-pod-config.js';
import type { NodeTransport } from './node-transport.js';

/**
 * The composition root of a joined node's agent: its commands, event feed and heartbeats over the transport the
 * configuration chose (HTTP to the API server, or NATS), ConfigMaps and Secrets read over HTTP with the node's
 * credential (the Node authorizer decides), its own read models. The kubelet sees only the ports.
 */
export function nodeAgentContainer(transport: NodeTransport, api: ApiClient): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<CommandSender>(CommandSender).toConstantValue(transport.sender);
  container.bind<EventFeed>(EventFeed).toConstantValue(transport.feed);
  container.bind<HeartbeatSender>(HeartbeatSender).toConstantValue(transport.heartbeats);
  container.bind<PodConfigSource>(PodConfigSource).toConstantValue(new HttpPodConfigSource(api));
  container.bind<Clock>(Clock).toConstantValue(new SystemClock());
  container.bind<IdGenerator>(IdGenerator).toConstantValue(new UuidIds());
  container.bind(ReadModels).toConstantValue(new ReadModels());
  return container;
}
