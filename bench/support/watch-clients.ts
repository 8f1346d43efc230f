import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { createSecureContext } from 'node:tls';
import { inParallel } from './load.js';

export type WatchClient = Readonly<{ server: string; token: string; ca: string }>;

/**
 * `count` watches of `path`, opened `connecting` at a time (a listening socket's queue holds 511 connections
 * being accepted: more at once overflow it, and the dropped SYNs come back seconds later); resolves once each has
 * received `lines` lines, with the time that took. Every watch stays open until `close`.
 */
export async function openWatches(client: WatchClient, path: string, count: number, lines: number, connecting = 128) {
  // One TLS context for all: made per connection, it costs the client more than the server's whole watch.
  const agent = new Agent({ secureContext: createSecureContext({ ca: client.ca }), keepAlive: true, maxSockets: Infinity });
  const open: { close: () => void }[] = [];
  const start = performance.now();
  const received: number[] = [];
  await inParallel(count, connecting, async () => void received.push(await watchUntil(client, agent, path, lines, open)));
  const seconds = (performance.now() - start) / 1000;
  return {
    seconds,
    lines: received.reduce((sum, n) => sum + n, 0),
    close: () => {
      for (const watch of open) watch.close();
      agent.destroy();
    },
  };
}

/** One watch, left open once it has `lines` lines (registered in `open` to be closed later); resolves with the count. */
function watchUntil(client: WatchClient, agent: Agent, path: string, lines: number, open: { close: () => void }[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const req = request(`${client.server}${path}`, { agent, headers: { authorization: `Bearer ${client.token}` } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        seen += chunk.split('\n').length - 1;
        if (seen >= lines) resolve(seen);
      });
      if (lines === 0) resolve(0);
    });
    req.on('error', (error) => (seen >= lines ? undefined : reject(error)));
    open.push({ close: () => req.destroy() });
    req.end();
  });
}

/** `count` GETs of `path`, each on a connection of its own, `connecting` at a time: what a connection and a request cost alone. */
export async function getOnFreshConnections(client: WatchClient, path: string, count: number, connecting = 128): Promise<number> {
  const agent = new Agent({ secureContext: createSecureContext({ ca: client.ca }), keepAlive: false, maxSockets: Infinity });
  const start = performance.now();
  await inParallel(count, connecting, () => new Promise<void>((resolve, reject) => {
    const req = request(`${client.server}${path}`, { agent, headers: { authorization: `Bearer ${client.token}` } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: HTTP ${response.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  }));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return seconds;
}
