import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { podsOf, readEventLog } from '../support/event-log.js';
import { eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { runningPods, webDeploymentManifest } from '../support/web-deployment.js';

/**
 * `kesctl changes` on a real cluster: `kesadm init` (a tainted master) and two simulated nodes from `kes simulate`.
 * A Deployment is created, runs, is scaled and deleted; the changes between points of that history say so.
 */
const cluster: { dir?: ReturnType<typeof tempDir>; started: Running[]; kubeconfig: string; api?: ApiClient } = { started: [], kubeconfig: '' };

test.before(async () => {
  const dir = tempDir();
  cluster.dir = dir;
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'master');
  const master = startProcess('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'master']);
  cluster.started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on/);
  const [server, ...joinArgs] = joinLine.trim().split(/\s+/).slice(2);
  const simulator = startProcess('kes', ['simulate', '--server', server, ...joinArgs, '--nodes', '2', '--name-prefix', 'sim-', '--heartbeat-interval', '1s']);
  cluster.started.push(simulator);
  await simulator.waitFor(/2 simulated nodes joined/);
  cluster.kubeconfig = join(dataDir, 'admin.kubeconfig');
  const config = readKubeconfig(cluster.kubeconfig);
  cluster.api = new ApiClient(config.server, config.token!, { ca: config.caData });
});

test.after.always(async () => {
  await cluster.api?.close();
  if (cluster.dir) await stopCluster(cluster.started, cluster.dir);
});

const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', cluster.kubeconfig, ...args]);
const ok = (...args: string[]) => {
  const result = kesctl(...args);
  if (result.code !== 0) throw new Error(`kesctl ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result.stdout;
};

type Change = { kind: string; namespace?: string; name: string; change: string; fields: string[]; actors: string[] };
const changes = (...args: string[]) => JSON.parse(ok('changes', ...args, '-o', 'json')) as { from: number; to: number; items: Change[] };
/** The workload objects among the changes, as `Kind name change`, sorted. */
const workloads = (items: readonly Change[]) =>
  items.filter((c) => ['Deployment', 'ReplicaSet', 'Pod'].includes(c.kind)).map((c) => `${c.kind} ${c.name.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, '-*')} ${c.change}`).sort();
const head = async () => (await readEventLog(cluster.api!)).at(-1)!.position;

test('changes between before a Deployment, while it runs, after a scale and after its delete: added, changed with the actor, removed', async (t) => {
  const file = join(cluster.dir!.path, 'web.yaml');
  writeFileSync(file, webDeploymentManifest('shop'));
  const beforeCreate = new Date().toISOString();
  ok('apply', '-f', file);
  await runningPods(cluster.api!, 'shop', 2);
  const whileRunning = await head();

  const added = changes('--from', beforeCreate, '--to', String(whileRunning), '-n', 'shop');
  t.is(added.to, whileRunning);
  t.deepEqual(workloads(added.items), ['Deployment web added', 'Pod web-* added', 'Pod web-* added', 'ReplicaSet web-* added']);
  const actorsOf = (kind: string) => added.items.filter((c) => c.kind === kind).flatMap((c) => c.actors);
  t.true(actorsOf('Deployment').includes('kubernetes-admin'), actorsOf('Deployment').join(','));
  t.true(actorsOf('ReplicaSet').includes('system:kes-controller-manager'), actorsOf('ReplicaSet').join(','));
  t.true(actorsOf('Pod').includes('system:kes-scheduler') && actorsOf('Pod').some((a) => a.startsWith('system:node:sim-')), actorsOf('Pod').join(','));

  ok('scale', 'deployment', 'web', '--replicas', '3', '-n', 'shop');
  await runningPods(cluster.api!, 'shop', 3);
  const scaled = await head();
  const table = ok('changes', 'deployments', '--from', String(whileRunning), '--to', String(scaled), '-n', 'shop');
  t.regex(table, /^KIND\s+NAMESPACE\s+NAME\s+CHANGE\s+FIELDS\s+ACTORS\n/);
  t.regex(table, /\nDeployment\s+shop\s+web\s+changed\s+\S*spec\.replicas.*\s\S*kubernetes-admin/);
  const afterScale = changes('--from', String(whileRunning), '--to', String(scaled), '-n', 'shop');
  t.deepEqual(workloads(afterScale.items).filter((c) => !c.startsWith('Pod') || c.endsWith('added')), ['Deployment web changed', 'Pod web-* added', 'ReplicaSet web-* changed']);

  ok('delete', 'deployment', 'web', '-n', 'shop');
  await eventually(async () => podsOf(await readEventLog(cluster.api!), 'shop').length + JSON.parse(ok('get', 'rs', '-n', 'shop', '-o', 'json')).items.length, (n) => n === 0, 40_000, 300);
  const removed = changes('--from', String(scaled), '-n', 'shop');
  t.deepEqual(workloads(removed.items), ['Deployment web removed', 'Pod web-* removed', 'Pod web-* removed', 'Pod web-* removed', 'ReplicaSet web-* removed']);
  t.true(removed.items.find((c) => c.kind === 'Deployment')!.actors.includes('kubernetes-admin'));

  t.deepEqual(workloads(changes('--from', beforeCreate, '-A').items), [], 'created and deleted in between: neither added nor removed overall');
  t.regex(kesctl('changes', 'widgets', '--from', '1').stderr, /the server doesn't have a resource type "widgets"/);
  const bad = kesctl('changes', 'pods', '--from', 'yesterday');
  t.is(bad.code, 1);
  t.regex(bad.stderr, /from: "yesterday" is neither a log position/);
});
