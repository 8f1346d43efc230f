import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { delimiter, join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { atExit } from './cleanup.js';

export type EtcdServer = Readonly<{ clientPort: number; pid: number; stop(): Promise<void> }>;

/** The path of the `etcd` binary on PATH, or undefined when there is none. */
export function findEtcd(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'etcd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A single-member etcd on free loopback ports with its data in `dir`. It is killed by pid on stop(),
 * and also when this process exits or is interrupted before stop() was called.
 */
export async function startEtcd(binary: string, dir: string): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  mkdirSync(dir, { recursive: true });
  const child = spawn(binary, [
    '--name', 'bench', '--data-dir', dir,
    '--listen-client-urls', client, '--advertise-client-urls', client,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `bench=${peer}`, '--initial-cluster-state', 'new',
    '--logger', 'zap', '--log-outputs', 'stderr', '--log-level', 'error',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const forget = atExit(() => killNow(child));
  const stop = async () => {
    forget();
    await terminate(child);
  };
  try {
    await waitUntilHealthy(child, clientPort, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { clientPort, pid: child.pid!, stop };
}

async function waitUntilHealthy(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`etcd exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${stderr()}`);
    if (await healthy(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`etcd did not become healthy on port ${port} within 20 s:\n${stderr()}`);
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"true"')));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killNow(child), 5000);
  await exited;
  clearTimeout(timer);
}

