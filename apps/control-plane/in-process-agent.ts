import type { Clock } from '../../application/ports/clock.js';
import type { CommandSender, Handled } from '../../application/ports/command-sender.js';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { Heartbeats } from '../../application/ports/heartbeats.js';
import type { EventFeed, HeartbeatSender } from '../../application/ports/node-agent.js';
import type { Command } from '../../domain/shared/event.js';

/** The master's own kubelet talks to the control plane in its process: no HTTP in between. */
export function inProcessAgentPorts(handle: (c: Command) => Promise<Handled>, heartbeats: Heartbeats, bus: EventBus, clock: Clock) {
  const sender: CommandSender = { send: handle };
  const heartbeatSender: HeartbeatSender = { beat: async (node) => heartbeats.beat(node, clock.nowMs()) };
  const feed: EventFeed = { follow: (after) => bus.follow(after) };
  return { sender, heartbeats: heartbeatSender, feed };
}
