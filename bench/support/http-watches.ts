import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { inParallel } from './load.js';

/**
 * `count` watches of `path` on a plain-HTTP API server, opened `connecting` at a time (a listening socket queues at
 * most 511 connections being accepted); resolves once each has received its first `lines` lines, with the time that
 * took. They stay open until `close`.
 */
export async function openHttpWatches(origin: string, token: string, path: string, count: number, lines: number, connecting = 128) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const open: (() => void)[] = [];
  const start = performance.now();
  await inParallel(count, connecting, () => watchUntil(origin + path, token, agent, lines, open));
  return {
    seconds: (performance.now() - start) / 1000,
    close: () => {
      open.forEach((close) => close());
      agent.destroy();
    },
  };
}

function watchUntil(url: string, token: string, agent: Agent, lines: number, open: (() => void)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`watch ${url}: HTTP ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        seen += chunk.split('\n').length - 1;
        if (seen >= lines) resolve();
      });
    });
    req.on('error', (error) => (seen >= lines ? undefined : reject(error)));
    open.push(() => req.destroy());
    req.end();
  });
}
