import test from 'ava';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/processes.js';
import { containerBecomes, nodeContainer, podBecomes, podView, probe, processRuntime } from '../support/process-pods.js';

// Answers 200 while a file `healthy` is in its working directory, 503 otherwise.
const SERVER = "require('http').createServer((q, r) => { r.statusCode = require('fs').existsSync('healthy') ? 200 : 503; r.end(); }).listen(process.env.PORT, '127.0.0.1')";
const fileCheck = (file: string) => [process.execPath, '-e', `process.exit(require('fs').existsSync('${file}') ? 0 : 1)`];
const running = (s: { state: object }) => 'running' in s.state;

test('a container is ready only while its httpGet readiness probe (on a named port) passes', async (t) => {
  const { runtime, root } = await processRuntime(t);
  const web = nodeContainer('web', SERVER, {
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    readinessProbe: probe({ httpGet: { path: '/healthz', port: 'http' } }),
  });
  await runtime.start('default.web', podView('web', [web]));
  const started = await containerBecomes(runtime, 'default.web', 'web', running);
  t.false(started.ready, 'not ready before the probe passes');
  writeFileSync(join(root, 'pods/default.web/web/healthy'), '');
  await containerBecomes(runtime, 'default.web', 'web', (s) => s.ready);
  const ready = runtime.status('default.web')!;
  t.like(ready.conditions.find((c) => c.type === 'Ready'), { status: 'True' });
  t.like(ready.conditions.find((c) => c.type === 'ContainersReady'), { status: 'True' });
  rmSync(join(root, 'pods/default.web/web/healthy'));
  const unready = await containerBecomes(runtime, 'default.web', 'web', (s) => !s.ready);
  t.true(running(unready), 'a failing readiness probe does not restart');
  t.is(unready.restartCount, 0);
});

test('a container without a readiness probe is ready as soon as it runs', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.plain', podView('plain', [nodeContainer('app', 'setInterval(() => {}, 1000)')]));
  const status = await containerBecomes(runtime, 'default.plain', 'app', running);
  t.true(status.ready);
  t.true(status.started);
});

test('a tcpSocket readiness probe by port number waits for the listener, after initialDelaySeconds', async (t) => {
  const { runtime } = await processRuntime(t);
  const script = "setTimeout(() => require('net').createServer(() => {}).listen(process.env.PORT, '127.0.0.1'), 300)";
  const app = nodeContainer('app', script, { ports: [{ containerPort: 5432, protocol: 'TCP' }], readinessProbe: probe({ tcpSocket: { port: 5432 } }, { initialDelaySeconds: 2 }) });
  await runtime.start('default.tcp', podView('tcp', [app]));
  const startedAt = Date.parse(((await containerBecomes(runtime, 'default.tcp', 'app', running)).state as { running: { startedAt: string } }).running.startedAt);
  await containerBecomes(runtime, 'default.tcp', 'app', (s) => s.ready);
  t.true(Date.now() - startedAt >= 1_900, 'not probed before the initial delay');
});

test('a failing liveness probe kills the container, which restarts with the reason in its last state', async (t) => {
  const { runtime } = await processRuntime(t);
  const app = nodeContainer('app', "require('fs').writeFileSync('alive', ''); setInterval(() => {}, 1000)", {
    livenessProbe: probe({ exec: { command: fileCheck('alive') } }, { failureThreshold: 2 }),
  });
  await runtime.start('default.live', podView('live', [app]));
  await containerBecomes(runtime, 'default.live', 'app', running);
  t.is(runtime.status('default.live')!.containerStatuses[0].restartCount, 0, 'a passing liveness probe leaves it be');
  // Delete the file while the container runs: the next checks fail.
  const alive = join(runtime.root, 'pods/default.live/app/alive');
  await eventually(() => existsSync(alive), (there) => there);
  rmSync(alive);
  const restarted = await containerBecomes(runtime, 'default.live', 'app', (s) => s.restartCount >= 1 && s.lastState !== undefined);
  t.like(restarted.lastState!.terminated, { exitCode: 143, signal: 15, reason: 'Error' });
  t.regex(restarted.lastState!.terminated.message!, /^container app failed its liveness probe and was killed/);
});

test('an exec probe that outlives timeoutSeconds fails', async (t) => {
  const { runtime } = await processRuntime(t, { backoff: { baseMs: 60_000, capMs: 60_000 } });
  const app = nodeContainer('app', 'setInterval(() => {}, 1000)', {
    livenessProbe: probe({ exec: { command: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'] } }, { timeoutSeconds: 1 }),
  });
  await runtime.start('default.slow', podView('slow', [app]));
  const killed = await containerBecomes(runtime, 'default.slow', 'app', (s) => s.lastState !== undefined);
  t.regex(killed.lastState!.terminated.message!, /liveness probe .*timed out/);
});

test('a startup probe holds liveness and readiness back until it passes, and kills the container when it fails', async (t) => {
  const { runtime } = await processRuntime(t);
  const gated = nodeContainer('gated', 'setInterval(() => {}, 1000)', {
    startupProbe: probe({ exec: { command: fileCheck('booted') } }, { failureThreshold: 30 }),
    livenessProbe: probe({ exec: { command: fileCheck('booted') } }),
  });
  const doomed = nodeContainer('doomed', 'setInterval(() => {}, 1000)', { startupProbe: probe({ exec: { command: fileCheck('never') } }, { failureThreshold: 2 }) });
  await runtime.start('default.boot', podView('boot', [gated, doomed]));
  const booting = await containerBecomes(runtime, 'default.boot', 'gated', running);
  t.like(booting, { started: false, ready: false });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  t.like(runtime.status('default.boot')!.containerStatuses[0], { started: false, ready: false, restartCount: 0 });
  writeFileSync(join(runtime.root, 'pods/default.boot/gated/booted'), '');
  await containerBecomes(runtime, 'default.boot', 'gated', (s) => s.started === true && s.ready);
  const killed = await containerBecomes(runtime, 'default.boot', 'doomed', (s) => s.lastState !== undefined);
  t.regex(killed.lastState!.terminated.message!, /^container doomed failed its startup probe and was killed/);
  const pod = await podBecomes(runtime, 'default.boot', () => true);
  t.like(pod.containerStatuses[0], { restartCount: 0 }, 'the gated container was never killed');
});
