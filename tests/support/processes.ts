import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { spawnGuarded } from './process-guard.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const bin = (name: 'kes' | 'kesadm' | 'kesctl') => join(ROOT, 'bin', name);

export type Running = Readonly<{
  child: ChildProcess;
  pid: number;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** The exit code, or the name of the signal that ended the process. */
  exited: Promise<number | string | null>;
  kill: (signal?: NodeJS.Signals) => Promise<number | string | null>;
  /** SIGTERM (a kes node then stops its pods), SIGKILL if it has not exited within `graceMs`. */
  stop: (graceMs?: number) => Promise<number | string | null>;
}>;

/** A long-running kes process whose stdout and stderr are kept; killed by pid at teardown, and by its guardian if the test process dies first. */
export function startProcess(name: 'kes' | 'kesadm' | 'kesctl', args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawnGuarded(process.execPath, [bin(name), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern} in the output of ${name} ${args.join(' ')}:\n${output}`));
      }, timeoutMs);
      listeners.add(check);
      check();
      void exited.then(() => setTimeout(check, 50));
    });
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    return exited;
  };
  const stop = async (graceMs = 15_000) => {
    const timer = setTimeout(() => void kill('SIGKILL'), graceMs);
    const code = await kill('SIGTERM');
    clearTimeout(timer);
    return code;
  };
  return { child, pid: child.pid!, output: () => output, waitFor, exited, kill, stop };
}

/** Kills what pods of kes nodes under `root` (the runtime directory in each data directory) left running: after a SIGKILL nobody else will. */
export async function reapPods(root: string): Promise<void> {
  const runtimes = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name, 'runtime'))
    .filter((path) => existsSync(path));
  await Promise.all(runtimes.map((path) => ProcessRuntime.reset(path, 1000)));
}

/** The teardown of an e2e test: every kes process stopped (gracefully first), every pod process gone, the directory removed. */
export async function stopCluster(started: readonly { stop: () => Promise<unknown> }[], dir: { path: string; remove: () => void }): Promise<void> {
  await Promise.all(started.map((p) => p.stop()));
  await reapPods(dir.path);
  dir.remove();
}

export type Result = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/** Runs a CLI to completion. */
export function runCli(name: 'kesctl' | 'kesadm', args: string[], env: NodeJS.ProcessEnv = {}): Result {
  const result = spawnSync(process.execPath, [bin(name), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function eventually<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    last = await probe();
  }
  return last;
}
