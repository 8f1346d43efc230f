import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerLogsUnavailable } from '../../application/ports/container-runtime.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { collect, containerBecomes, loggedSoFar, nodeContainer, podBecomes, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';

const COUNT_TO = (n: number) => `for (let i = 1; i <= ${n}; i++) console.log('line ' + i); console.error('to stderr');`;

test('logs give stdout and stderr of the container, or only the last lines', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.lines', podView('lines', [nodeContainer('app', COUNT_TO(5))], { restartPolicy: 'Never' }));
  await podBecomes(runtime, 'default.lines', (s) => s.phase === 'Succeeded');
  t.is(await collect(runtime.logs('default.lines', 'app')), 'line 1\nline 2\nline 3\nline 4\nline 5\nto stderr\n');
  t.is(await collect(runtime.logs('default.lines', 'app', { tailLines: 2 })), 'line 5\nto stderr\n');
  t.is(await collect(runtime.logs('default.lines', 'app', { tailLines: 0 })), '');
  t.is(await collect(runtime.logs('default.lines', 'app', { tailLines: 100 })), 'line 1\nline 2\nline 3\nline 4\nline 5\nto stderr\n');
  t.throws(() => runtime.logs('default.lines', 'app', { previous: true }), { instanceOf: ContainerLogsUnavailable, message: 'previous terminated container "app" in pod "lines" not found' });
});

test('each run logs to its own file: previous gives the run before the current one', async (t) => {
  const { runtime, root } = await processRuntime(t, { backoff: { baseMs: 60_000, capMs: 60_000 } });
  const script = "const fs = require('fs'); const n = fs.existsSync('runs') ? Number(fs.readFileSync('runs', 'utf8')) + 1 : 0; fs.writeFileSync('runs', String(n)); console.log('run ' + n); setTimeout(() => process.exit(n === 0 ? 1 : 0), 100 + n * 60000)";
  await runtime.start('default.again', podView('again', [nodeContainer('app', script)]));
  await containerBecomes(runtime, 'default.again', 'app', (s) => s.restartCount === 1 && 'running' in s.state);
  await eventually(() => loggedSoFar(runtime, 'default.again', 'app'), (text) => text === 'run 1\n');
  t.is(await collect(runtime.logs('default.again', 'app', { previous: true })), 'run 0\n');
  t.deepEqual(readdirSync(join(root, 'pods/default.again/app')).filter((f) => f.endsWith('.log')).sort(), ['0.log', '1.log']);
});

test('follow yields what the container writes as it writes it, and ends when it stops', async (t) => {
  const { runtime } = await processRuntime(t);
  const script = "let i = 0; const timer = setInterval(() => { console.log('tick ' + ++i); if (i === 5) { clearInterval(timer); setTimeout(() => process.exit(0), 100); } }, 150)";
  await runtime.start('default.ticker', podView('ticker', [nodeContainer('app', script)], { restartPolicy: 'Never' }));
  await containerBecomes(runtime, 'default.ticker', 'app', (s) => 'running' in s.state || 'terminated' in s.state);
  const seen: string[] = [];
  for await (const chunk of runtime.logs('default.ticker', 'app', { follow: true })) seen.push(chunk);
  t.is(seen.join(''), 'tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n');
  t.true(seen.length > 1, 'the lines came as they were written, not all at the end');
});

test('a consumer that stops following ends the iteration at once', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.quiet', podView('quiet', [nodeContainer('app', "console.log('hello'); setInterval(() => {}, 1000)")]));
  await eventually(() => loggedSoFar(runtime, 'default.quiet', 'app'), (text) => text === 'hello\n');
  const iterator = runtime.logs('default.quiet', 'app', { follow: true })[Symbol.asyncIterator]();
  t.deepEqual(await iterator.next(), { done: false, value: 'hello\n' });
  const pending = iterator.next();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await iterator.return!();
  t.deepEqual(await pending, { done: true, value: undefined });
});

test('logs of what is not there say what is missing', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.img', podView('img', [{ ...nodeContainer('app', ''), command: undefined, image: 'nginx' }]));
  await containerBecomes(runtime, 'default.img', 'app', (s) => 'waiting' in s.state && s.state.waiting.reason === 'RunContainerError');
  t.throws(() => runtime.logs('default.nope', 'app'), { instanceOf: ContainerLogsUnavailable, message: 'pod default.nope is not running on this node' });
  t.throws(() => runtime.logs('default.img', 'sidecar'), { message: 'container sidecar is not valid for pod img' });
  const waiting = t.throws(() => runtime.logs('default.img', 'app'), { instanceOf: ContainerLogsUnavailable });
  t.is(waiting?.message, 'container "app" in pod "img" is waiting to start: RunContainerError');
  t.is((waiting as ContainerLogsUnavailable).problem, 'ContainerNotStarted');
});

test('the simulated runtime has a line saying it has no logs', async (t) => {
  const runtime = new SimulatedRuntime(new SystemClock(), { startLatencyMs: 0, failureRate: 0 });
  await runtime.start('default.sim', podView('sim', [nodeContainer('app', '')]));
  t.regex(await collect(runtime.logs('default.sim', 'app')), /simulated runtime runs no processes/);
  t.regex(await collect(runtime.logs('default.sim', 'app', { timestamps: true })), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z the simulated runtime/);
  t.is(await collect(runtime.logs('default.sim', 'app', { limitBytes: 13 })), 'the simulated');
  t.is(await collect(runtime.logs('default.sim', 'app', { tailLines: 0 })), '');
  t.throws(() => runtime.logs('default.other', 'app'), { instanceOf: ContainerLogsUnavailable });
  t.throws(() => runtime.logs('default.sim', 'db'), { message: 'container db is not valid for pod default.sim' });
});

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z $/;

test('timestamps prefix each line with the time it was written, in RFC3339 with nine fraction digits, and a space', async (t) => {
  const { runtime } = await processRuntime(t);
  const before = Date.now();
  await runtime.start('default.stamped', podView('stamped', [nodeContainer('app', "console.log('one'); process.stdout.write('two, '); setTimeout(() => console.log('ended'), 50)")], { restartPolicy: 'Never' }));
  await podBecomes(runtime, 'default.stamped', (s) => s.phase === 'Succeeded');
  t.is(await collect(runtime.logs('default.stamped', 'app')), 'one\ntwo, ended\n', 'without timestamps the text is as written, pieces of a line joined');
  const lines = (await collect(runtime.logs('default.stamped', 'app', { timestamps: true }))).split('\n');
  t.deepEqual(lines.map((line) => line.slice(31)), ['one', 'two, ended', '']);
  for (const line of lines.slice(0, 2)) {
    t.regex(line.slice(0, 31), STAMP);
    t.true(Date.parse(line.slice(0, 30)) >= before - 1 && Date.parse(line.slice(0, 30)) <= Date.now());
  }
});

test('sinceTime gives only what was written at or after it; limitBytes cuts the logs to that many bytes', async (t) => {
  const { runtime } = await processRuntime(t);
  const script = "console.log('early'); setTimeout(() => { console.log('late 1'); console.log('late 2'); require('fs').writeFileSync('late', '') }, 1_000); setInterval(() => {}, 1000)";
  await runtime.start('default.since', podView('since', [nodeContainer('app', script)]));
  await eventually(() => loggedSoFar(runtime, 'default.since', 'app'), (text) => text === 'early\nlate 1\nlate 2\n');
  const stamped = (await collect(runtime.logs('default.since', 'app', { timestamps: true }))).split('\n');
  const lateAt = stamped[1].slice(0, 30);
  t.is(await collect(runtime.logs('default.since', 'app', { sinceTime: lateAt })), 'late 1\nlate 2\n');
  t.is(await collect(runtime.logs('default.since', 'app', { sinceTime: new Date(Date.now() + 60_000).toISOString() })), '');
  t.is(await collect(runtime.logs('default.since', 'app', { limitBytes: 9 })), 'early\nlat');
  t.is(await collect(runtime.logs('default.since', 'app', { tailLines: 1, timestamps: true, limitBytes: 33 })), `${stamped[2].slice(0, 31)}la`);
  t.is(await collect(runtime.logs('default.since', 'app', { follow: true, limitBytes: 7 })), 'early\nl', 'a follow ends once the limit is reached');
});
