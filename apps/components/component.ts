import { defer, retry, timer } from 'rxjs';
import type { Container } from 'inversify';
import type { NatsConnection } from 'nats';
import { whileLeading, type Stoppable } from '../../application/events/while-leading.js';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { Heartbeats } from '../../application/ports/heartbeats.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { LeaderElection } from '../../application/ports/leader-election.js';
import { EventFeed } from '../../application/ports/node-agent.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import type { Component } from '../../domain/cluster/cluster.js';
import type { ControllerDeps, Running } from '../control-plane/controllers.js';

export type ComponentSettings = Readonly<{
  /** Run only while holding the component's lease, so that of several, one acts. */
  leaderElect: boolean;
  leaseMs: number;
  log: (line: string) => void;
  /** The CA the component's kubeconfig trusts: the controller manager publishes it to every namespace. */
  rootCaCert?: string;
}>;

/** A component: its name (its credential's), its lease, and the reconcilers it runs. */
export type ComponentSpec = Readonly<{ component: Component; lease: string; reconcilers: (deps: ControllerDeps) => Running[] }>;

const FOLLOW_RETRY_MAX_MS = 5_000;

async function streamHead(nc: NatsConnection): Promise<number> {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info('KES_EVENTS');
  if (state.messages === 0) return 0;
  return Number((await jsm.streams.getMessage('KES_EVENTS', { seq: state.last_seq })).header.get('Kes-Position'));
}

/**
 * The scheduler or the controller manager over NATS, in a process of its own or beside the API server, the same
 * either way: read models built from KES_EVENTS (relisting from the API server what the stream no longer keeps)
 * and followed live, commands sent as NATS requests with the component's own token, heartbeats heard on NATS.
 * It acts only once its models have caught up with the stream, and, with leader election, only while it holds
 * its lease.
 */
export async function startComponent(spec: ComponentSpec, container: Container, nc: NatsConnection, settings: ComponentSettings): Promise<Stoppable> {
  const models = container.get(ReadModels);
  const clock = container.get<Clock>(Clock);
  const ids = container.get<IdGenerator>(IdGenerator);
  const heartbeats = container.get<Heartbeats>(Heartbeats);
  const feed = container.get<EventFeed>(EventFeed);
  const following = defer(() => feed.follow(models.position))
    .pipe(retry({ delay: (error: unknown, attempt) => (settings.log(`${spec.component}: following KES_EVENTS: ${(error as Error).message}`), timer(Math.min(100 * 2 ** attempt, FOLLOW_RETRY_MAX_MS))) }))
    .subscribe((event) => models.apply(event));
  await caughtUp(models, await streamHead(nc));

  const sender = container.get<CommandSender>(CommandSender);
  const deps = { models, heartbeats, clock, ids, ...(settings.rootCaCert ? { rootCaCert: settings.rootCaCert } : {}) };
  const act = (): Stoppable => {
    settings.log(`${spec.component}: acting`);
    const runners = spec.reconcilers(deps).map(({ reconciler, concurrency }) => new ReconcilerRunner(reconciler, { sender, clock, ids, log: settings.log }, { concurrency, caughtUp: (p) => caughtUp(models, p) }).start());
    return { stop: async () => runners.forEach((runner) => runner.stop()) };
  };
  const acting = settings.leaderElect ? whileLeading(container.get<LeaderElection>(LeaderElection), spec.lease, act) : act();
  return {
    stop: async () => {
      await acting.stop();
      following.unsubscribe();
    },
  };
}
