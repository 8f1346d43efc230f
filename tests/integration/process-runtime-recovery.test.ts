import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { alive, configSource } from '../support/process-pods.js';
import { spawnGuarded } from '../support/process-guard.js';
import { eventually } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'process-runtime-child.js');

/** Runs the kubelet stand-in until its container and the container's child run; returns their pids. */
async function leaveProcesses(t: ExecutionContext, root: string, mode: 'hold' | 'exit') {
  const kubelet = spawnGuarded(process.execPath, [CHILD, root, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (kubelet.exitCode === null) kubelet.kill('SIGKILL');
  });
  let output = '';
  kubelet.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const line = await eventually(() => output, (text) => /running \d+ \d+/.test(text));
  const [, container, child] = /running (\d+) (\d+)/.exec(line)!.map(Number);
  t.teardown(() => [container, child].forEach((pid) => alive(pid) && process.kill(pid, 'SIGKILL')));
  return { kubelet, container, child };
}

test('open kills the process groups a killed kubelet left and removes their pods, for the kubelet to start again', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const { kubelet, container, child } = await leaveProcesses(t, dir.path, 'hold');
  kubelet.kill('SIGKILL');
  await new Promise((resolve) => kubelet.once('exit', resolve));
  t.true(alive(container) && alive(child), 'a killed kubelet leaves its containers running');
  const runtime = await ProcessRuntime.open(dir.path, { config: configSource().source, leftoverGraceMs: 2_000 });
  t.deepEqual(runtime.recovered, ['default.left']);
  t.false(alive(container));
  t.false(alive(child));
  t.false(existsSync(join(dir.path, 'pods/default.left')));
  t.deepEqual([...runtime.pods()], [], 'nothing is re-adopted');
});

test('a runtime whose process exits without stopping its pods takes their processes with it', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const { kubelet, container, child } = await leaveProcesses(t, dir.path, 'exit');
  await new Promise((resolve) => (kubelet.exitCode === null ? kubelet.once('exit', resolve) : resolve(undefined)));
  await eventually(() => [alive(container), alive(child)], (up) => !up[0] && !up[1], 5_000);
  t.pass();
});

test('a pid file whose pid now belongs to another program does not get that program killed', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const bystander = spawnGuarded(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
  t.teardown(() => {
    if (bystander.exitCode === null) bystander.kill('SIGKILL');
  });
  await new Promise((resolve) => bystander.once('spawn', resolve));
  const containerDir = join(dir.path, 'pods/default.stale/app');
  mkdirSync(containerDir, { recursive: true });
  writeFileSync(join(containerDir, 'pid'), `${bystander.pid} 1\n`, 'utf8');
  const runtime = await ProcessRuntime.open(dir.path, { config: configSource().source, leftoverGraceMs: 500 });
  t.deepEqual(runtime.recovered, ['default.stale']);
  t.true(alive(bystander.pid!), 'the start time differs: not ours');
  t.false(existsSync(join(dir.path, 'pods/default.stale')));
});

test('reset (for kesadm reset) cleans up without a live runtime, and is harmless on an empty root', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  t.deepEqual(await ProcessRuntime.reset(dir.path), []);
  const { kubelet, container } = await leaveProcesses(t, dir.path, 'hold');
  kubelet.kill('SIGKILL');
  await new Promise((resolve) => kubelet.once('exit', resolve));
  t.deepEqual(await ProcessRuntime.reset(dir.path, 1_000), ['default.left']);
  t.false(alive(container));
});
