import test from 'ava';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { spawnGuarded } from '../support/process-guard.js';
import { bin, eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/** A pod whose container prints a numbered line every 200 ms, for ever. */
const TICKER = `apiVersion: v1
kind: Pod
metadata:
  name: ticker
spec:
  containers:
  - name: app
    image: node:20
    command: ["node", "-e", "let i = 0; setInterval(() => console.log('tick ' + ++i), 200)"]
`;

const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));

/** A `logs -f` as a child process: what it printed so far, and a way to stop it. */
function follow(env: NodeJS.ProcessEnv, command = process.execPath, args = [bin('kesctl'), 'logs', 'ticker', '-f']) {
  const child = spawnGuarded(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { output: () => output, stop: () => (child.exitCode === null && child.signalCode === null ? child.kill('SIGKILL') : undefined, exited) };
}

test.serial('kesctl logs and kubectl logs read a container\'s output from the kubelet of its node: all, the last line, and following', async (t) => {
  const dir = tempDir();
  const started: { stop: () => Promise<unknown> }[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master: Running = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo', '--kubelet-port', '0']);
  started.push(master);
  await master.waitFor(/listening on https:/, 30_000);

  const env = { KUBECONFIG: join(dataDir, 'admin.kubeconfig') };
  const kesctl = (...args: string[]) => runCli('kesctl', args, env);
  const manifest = join(dir.path, 'ticker.yaml');
  writeFileSync(manifest, TICKER);
  t.is(kesctl('apply', '-f', manifest).code, 0);

  const node = JSON.parse(kesctl('get', 'node', 'solo', '-o', 'json').stdout) as { status: { daemonEndpoints?: { kubeletEndpoint: { Port: number } } } };
  t.true((node.status.daemonEndpoints?.kubeletEndpoint.Port ?? 0) > 0, 'the Node says where its kubelet listens');

  const all = await eventually(() => kesctl('logs', 'ticker'), (r) => r.code === 0 && ticks(r.stdout).length >= 3, 30_000);
  t.deepEqual(ticks(all.stdout).slice(0, 3), [1, 2, 3]);
  const last = kesctl('logs', 'ticker', '--tail', '1');
  t.is(last.code, 0, last.stderr);
  t.is(ticks(last.stdout).length, 1);
  t.true(ticks(last.stdout)[0] >= 3);

  const following = follow(env);
  started.push(following);
  const seen = ticks(all.stdout).at(-1)!;
  await eventually(() => ticks(following.output()), (numbers) => numbers.some((n) => n > seen + 2), 20_000);
  await following.stop();

  const missing = kesctl('logs', 'nope');
  t.is(missing.code, 1);
  t.is(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  const noContainer = kesctl('logs', 'ticker', '-c', 'db');
  t.is(noContainer.stderr, 'Error from server (BadRequest): container db is not valid for pod ticker\n');

  const kubectl = spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'logs', 'ticker', '--tail=2'], {
    env: { ...process.env, ...env, HOME: dir.path }, encoding: 'utf8', timeout: 60_000,
  });
  t.is(kubectl.status, 0, kubectl.stderr);
  t.is(ticks(kubectl.stdout).length, 2);
  const kubectlFollowing = follow({ ...env, HOME: dir.path }, 'kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'logs', '-f', 'ticker', '--tail=1']);
  started.push(kubectlFollowing);
  const now = ticks(kubectl.stdout).at(-1)!;
  await eventually(() => ticks(kubectlFollowing.output()), (numbers) => numbers.some((n) => n > now + 2), 20_000);
  await kubectlFollowing.stop();

  const kubectlLogs = (...args: string[]) => spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'logs', 'ticker', ...args], {
    env: { ...process.env, ...env, HOME: dir.path }, encoding: 'utf8', timeout: 60_000,
  });
  const stamped = kubectlLogs('--timestamps', '--tail=3');
  t.is(stamped.status, 0, stamped.stderr);
  const stamps = stamped.stdout.trimEnd().split('\n');
  t.is(stamps.length, 3);
  for (const line of stamps) t.regex(line, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z tick \d+$/);
  // kubectl sends --since-time to the second: the next whole second after a line's time leaves that line out.
  const cut = new Date(Math.ceil(Date.parse(stamps[2].split(' ')[0]) / 1000) * 1000);
  await eventually(() => kubectlLogs('--tail=1', '--timestamps'), (r) => Date.parse(r.stdout.split(' ')[0]) >= cut.getTime(), 20_000);
  const since = kubectlLogs(`--since-time=${cut.toISOString()}`, '--timestamps');
  t.is(since.status, 0, since.stderr);
  const sinceLines = since.stdout.trimEnd().split('\n');
  t.true(sinceLines.length > 0);
  for (const line of sinceLines) t.true(Date.parse(line.split(' ')[0]) >= cut.getTime(), `${line} was written at or after ${cut.toISOString()}`);
  t.true(Number(sinceLines[0].split(' tick ')[1]) > Number(stamps[2].split(' tick ')[1]), 'what was written before --since-time is left out');
  const lastHour = kubectlLogs('--since=1h');
  t.is(lastHour.status, 0, lastHour.stderr);
  t.deepEqual(ticks(lastHour.stdout).slice(0, 3), [1, 2, 3]);
  t.is(kubectlLogs('--since=1s', '--since-time=2024-01-01T00:00:00Z').status, 1);
  const limited = kubectlLogs('--limit-bytes=9');
  t.is(limited.status, 0, limited.stderr);
  t.is(limited.stdout, 'tick 1\nti');
  const limitedFollow = kubectlLogs('-f', '--tail=2', '--timestamps', '--limit-bytes=40');
  t.is(limitedFollow.status, 0, 'a follow ends when the limit is reached');
  t.is(Buffer.byteLength(limitedFollow.stdout), 40);
  // 40 bytes: a whole first line (39 or 40 bytes as the tick has two or three digits) and what fits of the next.
  t.regex(limitedFollow.stdout, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z tick \d+\n(\d|$)/);
  const kesctlStamped = kesctl('logs', 'ticker', '--timestamps', '--since', '1h', '--limit-bytes', '38');
  t.is(kesctlStamped.code, 0, kesctlStamped.stderr);
  t.regex(kesctlStamped.stdout, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z tick 1\n$/);
  t.regex(kesctl('logs', 'ticker', '--since-time', cut.toISOString(), '--tail', '1').stdout, /^tick \d+\n$/);
  t.is(kesctl('logs', 'ticker', '--since', 'soon').stderr, 'error: invalid argument "soon" for "--since" flag: a duration such as 30s, 5m or 1h is needed\n');
});

test.serial('the logs of a pod on a joined worker come from that worker\'s kubelet', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master = startProcess('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'boss', '--kubelet-port', '0']);
  started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on https:/, 30_000);
  const worker = startProcess('kesadm', ['join', ...joinLine.trim().split(/\s+/).slice(2), '--node-name', 'worker-1', '--data-dir', join(dir.path, 'worker'), '--kubelet-port', '0']);
  started.push(worker);
  await worker.waitFor(/has joined/, 30_000);

  const env = { KUBECONFIG: join(dataDir, 'admin.kubeconfig') };
  const kesctl = (...args: string[]) => runCli('kesctl', args, env);
  const manifest = join(dir.path, 'ticker.yaml');
  writeFileSync(manifest, TICKER);
  t.is(kesctl('apply', '-f', manifest).code, 0);
  const logs = await eventually(() => kesctl('logs', 'ticker', '--tail', '2'), (r) => r.code === 0 && ticks(r.stdout).length === 2, 30_000);
  t.true(ticks(logs.stdout)[1] === ticks(logs.stdout)[0] + 1);
  t.regex(kesctl('get', 'pod', 'ticker', '-o', 'wide').stdout, /ticker\s+1\/1\s+Running.*worker-1/, 'the master is tainted: the pod runs on the worker');
  const history = JSON.parse(kesctl('history', 'node/worker-1', '-o', 'json').stdout) as { type: string }[];
  t.is(history.filter((h) => h.type === 'NodeRegistered').length, 1, 'the join registered the kubelet port at once');
});
