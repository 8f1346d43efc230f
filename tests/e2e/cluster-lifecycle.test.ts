import test from 'ava';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { e2eCluster, storedEvents } from '../support/e2e-cluster.js';
import { eventually, runCli } from '../support/processes.js';

const FAST = ['--node-monitor-grace-period', '2s', '--heartbeat-interval', '300ms'];

/** init → two workers join → get/describe → delete one → history → worker stops and returns → kill -9 master → start. */
test.serial('a cluster is created, grown, shrunk, and survives kill -9 of its master', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const kubeconfig = join(masterDir, 'admin.kubeconfig');
  const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', kubeconfig, ...args]);
  const nodeLines = () => kesctl('get', 'nodes').stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/));

  const master = start('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master', ...FAST]);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on/);
  const joinArgs = joinLine.trim().split(/\s+/).slice(2);

  const withToken = (token: string) => joinArgs.map((arg, i) => (joinArgs[i - 1] === '--token' ? token : arg));
  const wrong = runCli('kesadm', ['join', ...withToken('abcdef.0123456789abcdef'), '--node-name', 'intruder', '--data-dir', join(dir, 'x')]);
  t.not(wrong.code, 0);
  t.regex(wrong.stderr, /join refused .*401.*not valid/);

  const withHash = joinArgs.map((arg, i) => (joinArgs[i - 1] === '--discovery-token-ca-cert-hash' ? `sha256:${'0'.repeat(64)}` : arg));
  const spoofed = runCli('kesadm', ['join', ...withHash, '--node-name', 'intruder', '--data-dir', join(dir, 'y')]);
  t.not(spoofed.code, 0);
  t.regex(spoofed.stderr, /does not match --discovery-token-ca-cert-hash/);

  const worker = (name: string) => start('kesadm', ['join', ...joinArgs, '--node-name', name, '--data-dir', join(dir, name), '--heartbeat-interval', '300ms']);
  let w1 = worker('worker-1');
  const w2 = worker('worker-2');
  await Promise.all([w1.waitFor(/has joined/), w2.waitFor(/has joined/)]);

  const nodes = await eventually(nodeLines, (rows) => rows.length === 3 && rows.every((r) => r[1] === 'Ready'));
  t.deepEqual(nodes.map((r) => [r[0], r[1], r[2]]), [['master', 'Ready', 'control-plane'], ['worker-1', 'Ready', '<none>'], ['worker-2', 'Ready', '<none>']]);
  t.false(nodeLines().some((r) => r[0] === 'intruder'), 'a wrong token registers nothing');

  const describe = kesctl('describe', 'node', 'master').stdout;
  for (const field of ['Name:', 'Roles:', 'Labels:', 'Taints:', 'Unschedulable:', 'Conditions:', 'Addresses:', 'Capacity:', 'Allocatable:', 'System Info:', 'Events:'])
    t.true(describe.includes(field), `describe shows ${field}`);
  t.regex(describe, /node-role\.kubernetes\.io\/control-plane:NoSchedule/);
  t.regex(describe, /NodeRegistered/);

  t.regex(kesctl('label', 'nodes', 'worker-1', 'disk=ssd').stdout, /node\/worker-1 labeled/);
  t.regex(kesctl('taint', 'nodes', 'worker-1', 'dedicated=db:NoSchedule').stdout, /node\/worker-1 tainted/);
  t.regex(kesctl('cordon', 'worker-1').stdout, /node\/worker-1 cordoned/);
  t.deepEqual(kesctl('get', 'nodes', '-l', 'disk=ssd').stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2)), [['worker-1', 'Ready,SchedulingDisabled']]);
  t.regex(kesctl('uncordon', 'worker-1').stdout, /node\/worker-1 uncordoned/);
  const head = JSON.parse(kesctl('history', 'node/worker-1', '-o', 'json').stdout).length;
  const badLabel = kesctl('label', 'nodes', 'worker-1', 'bad key!=x');
  t.is(badLabel.code, 1);
  t.regex(badLabel.stderr, /bad key!/);
  const badTaint = kesctl('taint', 'nodes', 'worker-1', 'gpu=true:Sometimes');
  t.is(badTaint.code, 1);
  t.regex(badTaint.stderr, /invalid taint spec/);
  const unknown = kesctl('cordon', 'ghost');
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /Error from server \(NotFound\): nodes "ghost" not found/);
  t.is(JSON.parse(kesctl('history', 'node/worker-1', '-o', 'json').stdout).length, head, 'bad input appends nothing');

  // Deleted while its kubelet still runs (which then stops renewing its lease), so no missed heartbeat can come first.
  t.regex(kesctl('delete', 'node', 'worker-2').stdout, /node "worker-2" deleted/);
  await w2.kill('SIGTERM');
  t.deepEqual(nodeLines().map((r) => r[0]), ['master', 'worker-1']);
  const history = JSON.parse(kesctl('history', 'node/worker-2', '-o', 'json').stdout) as { type: string; actor: string }[];
  t.deepEqual(history.map((h) => h.type), ['NodeCredentialIssued', 'NodeRegistered', 'NodeDeleted']);
  t.regex(history[0].actor, /^system:bootstrap:[a-z0-9]{6}$/);
  t.is(history.at(-1)!.actor, 'kubernetes-admin');
  t.regex(kesctl('history', 'node/worker-2').stdout, /NodeDeleted\s+kubernetes-admin/);

  await w1.kill('SIGKILL');
  await eventually(() => nodeLines().find((r) => r[0] === 'worker-1')?.[1], (s) => s === 'NotReady');
  w1 = worker('worker-1');
  await eventually(() => nodeLines().find((r) => r[0] === 'worker-1')?.[1], (s) => s === 'Ready');
  const w1History = JSON.parse(kesctl('history', 'node/worker-1', '-o', 'json').stdout) as { type: string; summary: string }[];
  t.deepEqual(w1History.filter((h) => h.type === 'NodeReadinessChanged').map((h) => h.summary.split(' ')[0]), ['Ready=Unknown', 'Ready=True']);

  await master.kill('SIGKILL');
  const before = await storedEvents(masterDir);
  const restarted = start('kesadm', ['start', '--data-dir', masterDir, ...FAST]);
  await restarted.waitFor(/listening on/);
  const after = await eventually(nodeLines, (rows) => rows.length === 2 && rows.every((r) => r[1] === 'Ready'));
  t.deepEqual(after.map((r) => r[0]), ['master', 'worker-1']);
  t.deepEqual(JSON.parse(kesctl('history', 'node/worker-2', '-o', 'json').stdout).map((h: { type: string }) => h.type), history.map((h) => h.type));
  await restarted.kill('SIGTERM');
  t.is(await restarted.exited, 0, 'a clean shutdown exits 0');
  const all = await storedEvents(masterDir);
  t.deepEqual(all.slice(0, before.length).map((e) => e.id), before.map((e) => e.id), 'nothing acknowledged was lost');
  t.is(new Set(all.map((e) => e.id)).size, all.length, 'no event is stored twice');
  t.deepEqual(all.map((e) => e.position), all.map((_, i) => i + 1));
  t.false(all.slice(before.length).some((e) => e.type === 'NodeRegistered' && (e.data as { name: string }).name === 'master'), 'an unchanged master re-registers without an event');
});
