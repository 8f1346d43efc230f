import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_RUN_VAR } from './marked-processes.js';

const GUARDIAN = join(dirname(fileURLToPath(import.meta.url)), 'guardian.js');

let marker: string | undefined;
const running = new Set<ChildProcess>();

/** SIGKILL to the group of each guarded child still running: at 'exit', which a killed worker never reaches (the guardian does). */
function killRunning(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/**
 * Puts this process under a guardian (once): a detached `guardian.js` with a pipe from this process as its stdin,
 * and the marker set in this process's environment, so every process started from here on — by a test, by kes,
 * by kes's process runtime — carries it. When this process ends, however, the guardian kills them all.
 * ava gives each test file a process of its own (`workerThreads: false` in package.json) and ends it on a timeout;
 * with worker threads a timed-out file would end no process, and its processes would wait for the whole run.
 */
export function guardThisProcess(): string {
  if (marker) return marker;
  const parent = process.env[TEST_RUN_VAR];
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const mine = parent ? `${parent}/${id}` : `kes-test-${id}`;
  const guardian = spawn(process.execPath, [GUARDIAN, mine], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, [TEST_RUN_VAR]: mine },
  });
  guardian.stdin!.on('error', () => undefined);
  // Neither keeps this process alive: its end is what the guardian waits for.
  (guardian.stdin as Socket).unref();
  guardian.unref();
  process.env[TEST_RUN_VAR] = mine;
  process.once('exit', killRunning);
  marker = mine;
  return mine;
}

/**
 * `spawn` for every long-lived process a test starts: the process carries this process's marker (also when
 * `options.env` is given) and runs in a process group of its own, so it dies with the test process — at its
 * exit, or by the guardian when the test process is killed.
 */
export const spawnGuarded = ((command: string, args: readonly string[] = [], options: SpawnOptions = {}) => {
  const mine = guardThisProcess();
  const child = spawn(command, args, { ...options, detached: true, env: { ...(options.env ?? process.env), [TEST_RUN_VAR]: mine } });
  if (child.pid === undefined) return child;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}) as typeof spawn;
