import { accessSync, constants } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { delimiter, join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { spawnGuarded } from './process-guard.js';
import { tempDir } from './tmp.js';

export type NatsServer = { url: string; pid: number; stop(): Promise<void> };

const READY_TIMEOUT_MS = 10_000;

/** The nats-server binary: on PATH, or in /usr/sbin where Debian installs it (not on a non-root PATH). */
export function findNatsServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export type NatsServerOptions = Readonly<{
  /** The port to listen on (to restart a server where its clients reconnect); a free one when not given. */
  port?: number;
  /** Where JetStream keeps its data, kept after stop (to restart a server with its streams); a temporary one when not given. */
  storeDir?: string;
  /** A nats-server configuration file (users and permissions), given with -c. */
  config?: string;
}>;

/** Starts a JetStream-enabled nats-server on 127.0.0.1, on a free port and a temporary storage directory unless told otherwise. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer & { port: number; storeDir: string }> {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error('nats-server not found on PATH or in /usr/sbin: install it with `apt-get install -y nats-server`');
  }
  const port = options.port ?? (await freeLoopbackPort());
  const dir = options.storeDir ? { path: options.storeDir, remove: () => undefined } : tempDir('kes-nats-');
  const config = options.config ? ['-c', options.config] : [];
  const child = spawnGuarded(binary, [...config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir.path], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      process.kill(child.pid!, 'SIGTERM');
      const killer = setTimeout(() => running && process.kill(child.pid!, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    }
    dir.remove();
  };

  try {
    await waitForPort(port, () => running, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `nats://127.0.0.1:${port}`, pid: child.pid!, stop, port, storeDir: dir.path };
}

async function waitForPort(port: number, running: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`nats-server exited before accepting connections: ${stderr().trim()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nats-server did not accept connections on port ${port} within ${READY_TIMEOUT_MS} ms: ${stderr().trim()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
