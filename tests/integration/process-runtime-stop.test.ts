import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, collect, containerBecomes, loggedSoFar, nodeContainer, pidOf, podBecomes, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';

const TRAPS_TERM = "process.on('SIGTERM', () => { console.log('bye'); setTimeout(() => process.exit(0), 200); }); console.log('up'); setInterval(() => {}, 1000)";
const IGNORES_TERM = "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000)";
// Starts a child in its own process group's reach (not detached) and records its pid.
const WITH_CHILD = (then: string) =>
  `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('fs').writeFileSync('child.pid', String(c.pid)); ${then}`;

async function runningPid(root: string, key: string, container: string): Promise<number> {
  return (await eventually(() => pidOf(root, key, container), (pid) => pid !== undefined))!;
}

test('stop sends SIGTERM and returns at once; changes tells when the container has ended', async (t) => {
  const { runtime, root } = await processRuntime(t);
  await runtime.start('default.polite', podView('polite', [nodeContainer('app', TRAPS_TERM)]));
  await containerBecomes(runtime, 'default.polite', 'app', (s) => 'running' in s.state);
  await eventually(() => loggedSoFar(runtime, 'default.polite', 'app'), (text) => text.includes('up'));
  const pid = await runningPid(root, 'default.polite', 'app');
  const stoppedTold = new Promise<void>((resolve) => runtime.changes.subscribe((key) => runtime.status(key)?.stopped && resolve()));
  await runtime.stop('default.polite', 30);
  t.false(runtime.status('default.polite')!.stopped, 'stop does not wait for the process');
  await stoppedTold;
  const status = runtime.status('default.polite')!;
  t.like('terminated' in status.containerStatuses[0].state && status.containerStatuses[0].state.terminated, { exitCode: 0, reason: 'Completed' });
  t.false(status.containerStatuses[0].ready);
  t.false(alive(pid));
  t.regex(await collect(runtime.logs('default.polite', 'app')), /up\nbye\n/);
  t.false(existsSync(join(root, 'pods/default.polite/app/pid')), 'the pid file goes with the process');
});

test('a process that ignores SIGTERM is killed after the grace period', async (t) => {
  const { runtime, root } = await processRuntime(t);
  await runtime.start('default.stubborn', podView('stubborn', [nodeContainer('app', IGNORES_TERM)]));
  await eventually(() => loggedSoFar(runtime, 'default.stubborn', 'app'), (text) => text.includes('up'));
  const pid = await runningPid(root, 'default.stubborn', 'app');
  const began = Date.now();
  await runtime.stop('default.stubborn', 1);
  const status = await podBecomes(runtime, 'default.stubborn', (s) => s.stopped);
  t.true(Date.now() - began >= 900, 'SIGKILL waits for the grace period');
  t.like('terminated' in status.containerStatuses[0].state && status.containerStatuses[0].state.terminated, { exitCode: 137, signal: 9, reason: 'Error' });
  t.false(alive(pid));
  t.regex(await collect(runtime.logs('default.stubborn', 'app')), /ignoring SIGTERM/);
});

test('a second stop may shorten the grace period', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.slowstop', podView('slowstop', [nodeContainer('app', IGNORES_TERM)]));
  await eventually(() => loggedSoFar(runtime, 'default.slowstop', 'app'), (text) => text.includes('up'));
  await runtime.stop('default.slowstop', 60);
  await runtime.stop('default.slowstop', 0);
  await podBecomes(runtime, 'default.slowstop', (s) => s.stopped, 10_000);
  t.pass();
});

test('the whole process group goes: children of a stopped container, and children left by a container that exited', async (t) => {
  const { runtime, root } = await processRuntime(t);
  await runtime.start('default.family', podView('family', [nodeContainer('app', WITH_CHILD('setInterval(() => {}, 1000)'))]));
  await runtime.start('default.leaver', podView('leaver', [nodeContainer('app', WITH_CHILD('setTimeout(() => process.exit(0), 300)'))], { restartPolicy: 'Never' }));
  const childPid = (key: string) => eventually(() => (existsSync(join(root, `pods/${key}/app/child.pid`)) ? Number(readFileSync(join(root, `pods/${key}/app/child.pid`), 'utf8')) : 0), (pid) => pid > 0);
  const child = await childPid('default.family');
  const parent = await runningPid(root, 'default.family', 'app');
  t.true(alive(child));
  await runtime.stop('default.family', 5);
  await podBecomes(runtime, 'default.family', (s) => s.stopped);
  t.false(alive(parent));
  await eventually(() => alive(child), (up) => !up, 5_000);
  const orphan = await childPid('default.leaver');
  await podBecomes(runtime, 'default.leaver', (s) => s.phase === 'Succeeded');
  await eventually(() => alive(orphan), (up) => !up, 5_000);
  t.pass();
});

test('stopAll stops every pod and resolves when no process is left', async (t) => {
  const { runtime, root } = await processRuntime(t);
  await runtime.start('default.a', podView('a', [nodeContainer('app', IGNORES_TERM)], { terminationGracePeriodSeconds: 30 }));
  await runtime.start('default.b', podView('b', [nodeContainer('one', TRAPS_TERM), nodeContainer('two', 'setInterval(() => {}, 1000)')]));
  const pids = await Promise.all([runningPid(root, 'default.a', 'app'), runningPid(root, 'default.b', 'one'), runningPid(root, 'default.b', 'two')]);
  await runtime.stopAll(1);
  t.deepEqual(pids.map(alive), [false, false, false]);
  t.true([...runtime.pods()].every((key) => runtime.status(key)!.stopped));
});
