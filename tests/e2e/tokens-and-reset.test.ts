import test from 'ava';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { e2eCluster } from '../support/e2e-cluster.js';
import { eventually, runCli } from '../support/processes.js';

test.serial('bootstrap tokens: create, list, join with one (not twice under one name), delete, expire; reset a worker, join it again, then reset the master', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', join(masterDir, 'admin.kubeconfig'), ...args]);
  const master = start('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master']);
  await master.waitFor(/listening on/);

  const created = runCli('kesadm', ['token', 'create', '--data-dir', masterDir, '--description', 'for w1']);
  t.is(created.code, 0, created.stderr);
  const [token, joinLine] = created.stdout.trim().split('\n');
  t.regex(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  t.regex(joinLine, new RegExp(`^kesadm join 127\\.0\\.0\\.1:${port} --token ${token.replace('.', '\\.')}`));
  const list = runCli('kesadm', ['token', 'list', '--data-dir', masterDir]).stdout;
  t.regex(list, new RegExp(`${token.split('.')[0]}\\.<secret>.*for w1`));
  t.false(list.includes(token.split('.')[1]), 'the secret half is never shown again');

  const w1Dir = join(dir, 'w1');
  const w1 = start('kesadm', [...joinLine.split(/\s+/).slice(1), '--node-name', 'w1', '--data-dir', w1Dir, '--heartbeat-interval', '300ms']);
  await w1.waitFor(/has joined/);
  const twin = runCli('kesadm', [...joinLine.split(/\s+/).slice(1), '--node-name', 'w1', '--data-dir', join(dir, 'w1-twin')]);
  t.not(twin.code, 0);
  t.regex(twin.stderr, /join refused .*\(409\): node "w1" is already registered in the cluster: .*kesctl delete node w1.*kesadm reset/);

  t.is(runCli('kesadm', ['token', 'delete', token, '--data-dir', masterDir]).code, 0);
  const afterDelete = runCli('kesadm', [...joinLine.split(/\s+/).slice(1), '--node-name', 'w2', '--data-dir', join(dir, 'w2')]);
  t.not(afterDelete.code, 0);
  t.regex(afterDelete.stderr, /401/);

  const shortLived = runCli('kesadm', ['token', 'create', '--data-dir', masterDir, '--ttl', '1s']).stdout.split('\n')[0];
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const unverified = runCli('kesadm', ['join', `127.0.0.1:${port}`, '--token', shortLived, '--node-name', 'w3', '--data-dir', join(dir, 'w3')]);
  t.not(unverified.code, 0);
  t.regex(unverified.stderr, /joining needs --discovery-token-ca-cert-hash/);
  const expired = runCli('kesadm', ['join', `127.0.0.1:${port}`, '--token', shortLived, '--discovery-token-unsafe-skip-ca-verification', '--node-name', 'w3', '--data-dir', join(dir, 'w3')]);
  t.not(expired.code, 0);
  t.regex(expired.stderr, /not valid/);
  t.deepEqual(kesctl('get', 'nodes', '-o', 'name').stdout.trim().split('\n'), ['node/master', 'node/w1']);

  await w1.kill('SIGTERM');
  const reset = runCli('kesadm', ['reset', '--data-dir', w1Dir]);
  t.is(reset.code, 0, reset.stderr);
  t.regex(reset.stdout, /node "w1" marked reset/);
  t.false(existsSync(w1Dir));
  const history = JSON.parse(kesctl('history', 'node/w1', '-o', 'json').stdout) as { type: string; actor: string }[];
  t.like(history.find((e) => e.type === 'NodeReset'), { actor: 'system:node:w1' });
  await eventually(() => kesctl('get', 'nodes').stdout, (out) => /w1\s+NotReady/.test(out));
  const rejoinLine = runCli('kesadm', ['token', 'create', '--data-dir', masterDir]).stdout.trim().split('\n')[1];
  const rejoined = start('kesadm', [...rejoinLine.split(/\s+/).slice(1), '--node-name', 'w1', '--data-dir', w1Dir, '--heartbeat-interval', '300ms']);
  await rejoined.waitFor(/has joined/);
  await eventually(() => kesctl('get', 'nodes').stdout, (out) => /w1\s+Ready/.test(out));

  const stored = ['kes.db', 'kes.db-wal'].filter((f) => existsSync(join(masterDir, f))).map((f) => readFileSync(join(masterDir, f), 'latin1')).join('');
  t.true(stored.includes(token.split('.')[0]), 'the token id is in the log');
  t.false(stored.includes(token.split('.')[1]), 'the token secret is not: only its hash');
  const adminToken = /token: (\S+)/.exec(readFileSync(join(masterDir, 'admin.kubeconfig'), 'utf8'))![1];
  t.false(stored.includes(adminToken), 'nor is the admin token');

  const refused = runCli('kesadm', ['reset', '--data-dir', masterDir]);
  t.not(refused.code, 0, 'without --force and without an answer, nothing is removed');
  t.true(existsSync(join(masterDir, 'kes.db')));
  await master.kill('SIGTERM');
  const forced = runCli('kesadm', ['reset', '--data-dir', masterDir, '--force']);
  t.is(forced.code, 0, forced.stderr);
  t.false(existsSync(masterDir));
});

test.serial('kes up initializes a single-node cluster the first time and starts it after; init refuses an existing one', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = String(await freeLoopbackPort());
  const dataDir = join(dir, 'kes');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  const first = start('kes', ['up', '--data-dir', dataDir, '--api-port', port]);
  await first.waitFor(/listening on/);
  // Printed on stdout before "listening on" is on stderr; the two pipes may be read in either order.
  await first.waitFor(/initialized successfully/, 5_000);
  const modeOf = (name: string) => (statSync(join(dataDir, name)).mode & 0o777).toString(8);
  t.is(modeOf(''), '700', 'the data directory is tightened to 0700');
  for (const file of ['kes.db', 'kes.db-wal', 'kes.db-shm']) t.is(modeOf(file), '600', file);
  await first.kill('SIGTERM');
  t.is(await first.exited, 0);

  const again = runCli('kesadm', ['init', '--data-dir', dataDir, '--api-port', port]);
  t.not(again.code, 0);
  t.regex(again.stderr, /already holds a cluster: run `kesadm start --data-dir .*` .* `kesadm reset --data-dir .*`/);

  const second = start('kes', ['up', '--data-dir', dataDir]);
  await second.waitFor(/listening on/);
  t.false(second.output().includes('initialized successfully'));
  const nodes = runCli('kesctl', ['--kubeconfig', join(dataDir, 'admin.kubeconfig'), 'get', 'nodes', '-o', 'json']);
  const items = JSON.parse(nodes.stdout).items as { spec: { taints?: unknown[] } }[];
  t.is(items.length, 1);
  t.falsy(items[0].spec.taints, 'a single-node cluster schedules on its master');
});

test.serial('kesadm init --token, --bind-address and --apiserver-advertise-address: the join command, the kubeconfig and the serving certificate name that address; a badly formed token is refused', async (t) => {
  const { dir, start } = e2eCluster(t);
  const refused = runCli('kesadm', ['init', '--data-dir', join(dir, 'x'), '--token', 'not-a-token']);
  t.not(refused.code, 0);
  t.regex(refused.stderr, /"not-a-token" is not a bootstrap token: write \[a-z0-9\]\{6\}\.\[a-z0-9\]\{16\}/);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const master = start('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master', '--kubelet-port', '0',
    '--token', 'abcdef.0123456789abcdef', '--bind-address', '0.0.0.0', '--apiserver-advertise-address', 'localhost']);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on/, 60_000);
  t.regex(joinLine, new RegExp(`kesadm join localhost:${port} --token abcdef\\.0123456789abcdef --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}`));
  t.regex(readFileSync(join(masterDir, 'admin.kubeconfig'), 'utf8'), new RegExp(`server: https://localhost:${port}`));
  const nodes = runCli('kesctl', ['--kubeconfig', join(masterDir, 'admin.kubeconfig'), 'get', 'nodes']);
  t.is(nodes.code, 0, nodes.stderr);
  t.regex(nodes.stdout, /master\s+Ready/, 'kesctl trusts the certificate for the advertised name');
  const joined = start('kesadm', ['join', ...joinLine.trim().split(/\s+/).slice(2), '--node-name', 'w1', '--data-dir', join(dir, 'w1'), '--kubelet-port', '0']);
  await joined.waitFor(/has joined/, 60_000);
  t.regex(runCli('kesctl', ['--kubeconfig', join(masterDir, 'admin.kubeconfig'), 'get', 'nodes']).stdout, /w1\s+Ready/, 'the preset token joins a node');
});
