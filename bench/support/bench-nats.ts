import { readFileSync, rmSync } from 'node:fs';
import { connect, type JetStreamManager } from 'nats';
import { KES_HEADERS } from '../../infrastructure/nats/cloud-event-message.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { DEFAULT_EVENT_STREAM } from '../../infrastructure/nats/nats-event-feed.js';
import { startNatsServer } from '../../tests/support/nats-server.js';
import { atExit } from './cleanup.js';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every architecture Node runs on here. */
const CLOCK_TICKS_PER_S = 100;

/**
 * A JetStream nats-server of the bench's own on a free loopback port and a temporary store: stopped by `stop`, or
 * killed by its pid (its store removed) however the bench ends.
 */
export async function benchNatsServer() {
  const server = await startNatsServer();
  const forget = atExit(() => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(server.storeDir, { recursive: true, force: true });
  });
  return {
    url: server.url,
    /** The CPU time it has used so far (user + system), in ms, while it runs. */
    cpuMs: () => {
      const [utime, stime] = readFileSync(`/proc/${server.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').slice(11, 13).map(Number);
      return ((utime! + stime!) * 1000) / CLOCK_TICKS_PER_S;
    },
    /** Its peak resident set size so far, in MiB (VmHWM), while it runs. */
    peakRssMb: () => Math.round(Number(/VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024),
    stop: async () => {
      await server.stop();
      forget();
    },
  };
}

/** The store position of the last event KES_EVENTS holds, 0 when it holds none. */
export async function lastStreamPosition(jsm: JetStreamManager): Promise<number> {
  const { state } = await jsm.streams.info(DEFAULT_EVENT_STREAM);
  if (state.messages === 0) return 0;
  return Number((await jsm.streams.getMessage(DEFAULT_EVENT_STREAM, { seq: state.last_seq })).header.get(KES_HEADERS.position));
}

/**
 * Removes KES_EVENTS, for a control plane with a new store: a relay goes on after the last position the stream
 * holds, which belongs to the store before.
 */
export async function removeEventStream(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    await (await nc.jetstreamManager()).streams.delete(DEFAULT_EVENT_STREAM).catch(() => undefined);
  } finally {
    await closeConnection(nc);
  }
}
