import 'reflect-metadata';
import { Container } from 'inversify';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { ContainerRuntime } from '../../application/ports/container-runtime.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { EventFeed } from '../../application/ports/node-agent.js';
import { ReadModels } from '../../application/projections/read-models.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import type { NodeTransport } from '../node/node-transport.js';

export type SimulatedRuntimeSettings = Readonly<{ startLatencyMs: number; failureRate: number }>;

/**
 * The composition root of `kes simulate`: many nodes in one process, each sending its commands over its own
 * transport (HTTP, or NATS) as itself, one shared event feed and read models, and the simulated container runtime.
 */
export function simulatorContainer(nodes: ReadonlyMap<string, NodeTransport>, runtime: SimulatedRuntimeSettings): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  const transports = [...nodes.values()];
  const clock = new SystemClock();
  const byActor = new Map([...nodes].map(([name, transport]) => [`system:node:${name}`, transport.sender]));
  const asItsNode: CommandSender = { send: (c: Command) => (byActor.get(c.metadata.actor) ?? transports[0].sender).send(c) };
  container.bind<Clock>(Clock).toConstantValue(clock);
  container.bind<IdGenerator>(IdGenerator).toConstantValue(new UuidIds());
  container.bind(ReadModels).toConstantValue(new ReadModels());
  container.bind<CommandSender>(CommandSender).toConstantValue(asItsNode);
  container.bind<EventFeed>(EventFeed).toConstantValue(transports[0].feed);
  container.bind<ContainerRuntime>(ContainerRuntime).toConstantValue(new SimulatedRuntime(clock, runtime));
  return container;
}
