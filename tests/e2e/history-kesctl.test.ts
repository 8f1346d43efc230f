import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { podsOf, readEventLog } from '../support/event-log.js';
import { eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { runningPods, webDeploymentManifest } from '../support/web-deployment.js';

type TraceStep = { type: string; stream: string; steps: TraceStep[] };
const flatten = (steps: readonly TraceStep[]): TraceStep[] => steps.flatMap((s) => [s, ...flatten(s.steps)]);

/**
 * Issue 13's scenario on one real cluster (`kesadm init` with a snapshot every 25 events, two simulated nodes): a
 * Deployment runs and is deleted, then its past is read back every way kes offers — `get --at`, a stock kubectl
 * reading the REST list at that resourceVersion, `changes`, `trace`, a watch from resourceVersion 1 — the log is
 * exported, restored into a new data directory that runs as a cluster of its own with the same history, verified,
 * and a truncated export is refused; a refused delete shows in the audit.
 */
test.serial('a Deployment created and deleted: its past read with --at, the REST API, changes, trace, a watch from 1; export, restore, verify; the audit', async (t) => {
  const { dir, dataDir, kubectl, file, ok } = await kubectlCluster(t, 2, ['--snapshot-every', '25']);
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', kubeconfig, ...args]);
  const kesctlOk = (...args: string[]) => {
    const result = kesctl(...args);
    if (result.code !== 0) throw new Error(`kesctl ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const config = readKubeconfig(kubeconfig);
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());

  const beforeCreate = new Date().toISOString();
  ok(kubectl('apply', '-f', file('web.yaml', webDeploymentManifest('shop'))));
  const running = await runningPods(api, 'shop', 2);
  await new Promise((resolve) => setTimeout(resolve, 50)); // a moment strictly after the last event of the pods' start
  const whileRunning = new Date().toISOString();
  const runningAt = (await readEventLog(api)).at(-1)!.position;
  await new Promise((resolve) => setTimeout(resolve, 50));
  ok(kubectl('delete', 'deployment', 'web', '-n', 'shop'));
  await eventually(async () => podsOf(await readEventLog(api), 'shop'), (pods) => pods.length === 0, 60_000, 300);
  const afterDelete = (await readEventLog(api)).at(-1)!.position;

  // The cluster at a moment in between: its pods Running, by kesctl (a time) and by a stock kubectl (the REST list, Exact).
  const table = kesctlOk('get', 'pods', '-n', 'shop', '--at', whileRunning);
  const rows = table.trim().split('\n').slice(1);
  t.is(rows.length, 2, table);
  t.true(rows.every((row) => /\bRunning\b/.test(row)), table);
  t.deepEqual(rows.map((row) => row.split(/\s+/)[0]).sort(), running.map((p) => p.stream.slice('pod-shop.'.length)).sort());
  t.regex(kesctl('get', 'pods', '-n', 'shop').stderr, /No resources found in shop namespace/, 'and none now');
  const raw = JSON.parse(ok(kubectl('get', '--raw', `/api/v1/namespaces/shop/pods?resourceVersion=${runningAt}&resourceVersionMatch=Exact`))) as { items: { status: { phase: string } }[]; metadata: { resourceVersion: string } };
  t.deepEqual(raw.items.map((p) => p.status.phase), ['Running', 'Running']);
  t.is(raw.metadata.resourceVersion, String(runningAt));
  t.regex(kesctlOk('describe', 'deployment', 'web', '-n', 'shop', '--at', String(runningAt)), /Replicas:\s+2 desired/);

  // What changed: from before the create to while it ran, and from then to after the delete.
  type Change = { kind: string; name: string; change: string };
  const changes = (from: string, to: string) =>
    (JSON.parse(kesctlOk('changes', '--from', from, '--to', to, '-n', 'shop', '-o', 'json')) as { items: Change[] }).items
      .filter((c) => ['Deployment', 'ReplicaSet', 'Pod'].includes(c.kind)).map((c) => `${c.kind} ${c.change}`).sort();
  t.deepEqual(changes(beforeCreate, String(runningAt)), ['Deployment added', 'Pod added', 'Pod added', 'ReplicaSet added']);
  t.deepEqual(changes(String(runningAt), String(afterDelete)), ['Deployment removed', 'Pod removed', 'Pod removed', 'ReplicaSet removed']);

  // The trace from the Deployment reaches every PodScheduled of its pods.
  const scheduled = (await readEventLog(api)).filter((e) => e.type === 'PodScheduled' && e.stream.startsWith('pod-shop.'));
  t.is(scheduled.length, 2);
  const trace = JSON.parse(kesctlOk('trace', 'deployment/web', '-n', 'shop', '-o', 'json')) as { chains: { steps: TraceStep[] }[] };
  const traced = trace.chains.flatMap((chain) => flatten(chain.steps)).filter((step) => step.type === 'PodScheduled');
  t.deepEqual(traced.map((step) => step.stream).sort(), scheduled.map((e) => e.stream).sort(), JSON.stringify(trace).slice(0, 2000));

  // A watch from resourceVersion 1 replays what happened, then ends when asked to.
  const watched = ok(kubectl('get', '--raw', '/api/v1/namespaces/shop/pods?watch=true&resourceVersion=1&timeoutSeconds=3'))
    .trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } });
  for (const pod of running.map((p) => p.stream.slice('pod-shop.'.length))) {
    const types = watched.filter((w) => w.object.metadata.name === pod).map((w) => w.type);
    t.is(types[0], 'ADDED', pod);
    t.is(types.at(-1), 'DELETED', pod);
  }

  // A refused delete is in the audit.
  const token = runCli('kesadm', ['token', 'create', '--data-dir', dataDir]).stdout.trim().split('\n')[0];
  t.not(kesctl('--token', token, 'delete', 'node', 'sim-1').code, 0);
  const audit = await eventually(() => kesctlOk('audit', '--refused', '--kind', 'node'), (out) => out.includes('nodes/sim-1'));
  t.regex(audit, new RegExp(`system:bootstrap:${token.split('.')[0]}\\s+delete\\s+nodes/sim-1\\s+refused: Forbidden`));

  // Export, verify the running cluster's own data directory, restore into a new one, verify it, and run it.
  const exported = join(dir.path, 'history.ndjson');
  kesctlOk('export', '-f', exported);
  const verifiedLive = runCli('kesadm', ['verify', '--data-dir', dataDir]);
  t.is(verifiedLive.code, 0, verifiedLive.stdout + verifiedLive.stderr);
  t.regex(verifiedLive.stdout, /ok: \d+ events checked, every projection rebuilt from zero, [1-9]\d* snapshots compared/);
  const restoredDir = join(dir.path, 'restored');
  const port = await freeLoopbackPort();
  const restored = runCli('kesadm', ['restore', '--from', exported, '--data-dir', restoredDir, '--node-name', 'restored', '--api-port', String(port)]);
  t.is(restored.code, 0, restored.stderr);
  const verified = runCli('kesadm', ['verify', '--data-dir', restoredDir]);
  t.is(verified.code, 0, verified.stdout + verified.stderr);

  const truncated = join(dir.path, 'truncated.ndjson');
  const text = readFileSync(exported, 'utf8');
  writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
  const refused = runCli('kesadm', ['restore', '--from', truncated, '--data-dir', join(dir.path, 'never')]);
  t.not(refused.code, 0);
  t.regex(refused.stderr, /line \d+/);
  t.false(existsSync(join(dir.path, 'never')));

  const second = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, second));
  const restoredCluster = startProcess('kesadm', ['start', '--data-dir', restoredDir]);
  started.push(restoredCluster);
  await restoredCluster.waitFor(/listening on/, 60_000);
  const history = (kubeconfigFile: string) => runCli('kesctl', ['--kubeconfig', kubeconfigFile, 'history', 'deployment/web', '-n', 'shop']).stdout;
  const original = history(kubeconfig);
  t.regex(original, /DeploymentCreated/);
  t.is(history(join(restoredDir, 'admin.kubeconfig')), original, 'the restored cluster shows the same history');
});
