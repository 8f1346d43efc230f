import type { NatsConnection } from 'nats';
import type { CommandSender } from '../../application/ports/command-sender.js';
import type { EventFeed, HeartbeatSender } from '../../application/ports/node-agent.js';
import type { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { apiEventsBetween } from '../../infrastructure/http-client/api-event-log.js';
import { HttpCommandSender, HttpEventFeed, HttpHeartbeatSender } from '../../infrastructure/http-client/http-node-agent.js';
import { NatsCommandSender } from '../../infrastructure/nats/nats-command-sender.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { NatsEventFeed } from '../../infrastructure/nats/nats-event-feed.js';
import { NatsHeartbeatSender } from '../../infrastructure/nats/nats-heartbeats.js';

/** What a node was given at its join: its credential for the API server, and its NATS credentials when the cluster has NATS users. */
export type NodeCredentials = Readonly<{ credential: string; natsCredentials?: string }>;

/** How a node's agent talks to the control plane: its commands, the events it follows, its heartbeats. */
export type NodeTransport = Readonly<{ sender: CommandSender; feed: EventFeed; heartbeats: HeartbeatSender; close: () => Promise<void> }>;

/** Everything over HTTP to the API server, as k3s agents do: commands, the event feed, lease renewals. */
export function httpNodeTransport(api: ApiClient): NodeTransport {
  return { sender: new HttpCommandSender(api), feed: new HttpEventFeed(api), heartbeats: new HttpHeartbeatSender(api), close: async () => undefined };
}

/**
 * Everything over NATS: commands as requests carrying the node's credential, the events from KES_EVENTS (what it
 * no longer keeps relisted over HTTP), heartbeats on the node's own subject.
 */
export async function natsNodeTransport(servers: string, api: ApiClient, node: NodeCredentials, name: string): Promise<NodeTransport> {
  const nc = await connectNats(servers, `kes-kubelet-${name}`, node.natsCredentials);
  return { ...natsNodeTransportOver(nc, api, node.credential), close: () => closeConnection(nc) };
}

/** The same over a connection several nodes share (kes simulate); closing it stays the caller's. */
export function natsNodeTransportOver(nc: NatsConnection, api: ApiClient, credential: string): NodeTransport {
  return { sender: new NatsCommandSender(nc, credential), feed: new NatsEventFeed(nc, apiEventsBetween(api)), heartbeats: new NatsHeartbeatSender(nc), close: async () => undefined };
}
