import { filter, Subscription } from 'rxjs';
import type { NodeRegistration } from '../../domain/node/node.js';
import { nodeStream } from '../../domain/node/node.js';
import type { Clock } from '../ports/clock.js';
import type { CommandSender } from '../ports/command-sender.js';
import type { IdGenerator } from '../ports/ids.js';
import type { EventFeed, HeartbeatSender } from '../ports/node-agent.js';
import { nodeActor } from '../commands/authorize.js';

export type KubeletDeps = Readonly<{
  sender: CommandSender;
  heartbeats: HeartbeatSender;
  feed: EventFeed;
  clock: Clock;
  ids: IdGenerator;
  log: (line: string) => void;
}>;

export type KubeletSettings = Readonly<{ heartbeatMs: number; retryMs: number }>;

export type Kubelet = Readonly<{ stop: () => void; registered: Promise<number> }>;

/**
 * The node agent: registers its node (retrying until the API server answers), renews its lease every
 * heartbeatMs, and follows the node's events. Heartbeats stop while the node is deleted.
 */
export function startKubelet(registration: NodeRegistration, deps: KubeletDeps, settings: KubeletSettings): Kubelet {
  const name = registration.name;
  const subscription = new Subscription();
  let stopped = false;
  let deleted = false;

  const register = async (): Promise<number> => {
    for (;;) {
      try {
        const metadata = { commandId: deps.ids.newId(), actor: nodeActor(name), at: deps.clock.now() };
        return (await deps.sender.send({ type: 'RegisterNode', data: registration, metadata })).position;
      } catch (error) {
        if (stopped) throw error;
        deps.log(`kubelet ${name}: registration failed (${(error as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, settings.retryMs));
      }
    }
  };

  const beat = () => {
    if (!deleted) deps.heartbeats.beat(name).catch((error: Error) => deps.log(`kubelet ${name}: heartbeat failed: ${error.message}`));
  };

  const registered = register().then((position) => {
    if (stopped) return position;
    beat();
    const timer = setInterval(beat, settings.heartbeatMs);
    subscription.add(() => clearInterval(timer));
    subscription.add(
      deps.feed
        .follow(position)
        .pipe(filter((event) => event.stream === nodeStream(name)))
        .subscribe((event) => {
          if (event.type === 'NodeDeleted') deleted = true;
          if (event.type === 'NodeRegistered') deleted = false;
        }),
    );
    return position;
  });
  registered.catch(() => undefined);

  return {
    registered,
    stop: () => {
      stopped = true;
      subscription.unsubscribe();
    },
  };
}
