import test from 'ava';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, stopCluster, startProcess, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { createWebDeployment } from '../support/workload-fixtures.js';

type EventLog = { items: { type: string; stream: string; data: { nodeName?: string; phase?: string; name?: string } }[] };
type PodSeen = { nodeName?: string; phase?: string; leaving?: boolean };

/** Running pods, as the event log tells it (an evicted or deleted pod no longer counts). */
async function runningPods(api: ApiClient): Promise<PodSeen[]> {
  const log = await api.request<EventLog>('GET', '/kes/v1/events?after=0');
  const latest = new Map<string, PodSeen>();
  for (const e of log.items.filter((i) => i.stream.startsWith('pod-'))) {
    const before = latest.get(e.stream) ?? {};
    if (e.type === 'PodDeleted') latest.delete(e.stream);
    else latest.set(e.stream, { nodeName: e.data.nodeName ?? before.nodeName, phase: e.data.phase ?? before.phase, leaving: before.leaving || e.type === 'PodEvicted' || e.type === 'PodDeletionRequested' });
  }
  return [...latest.values()].filter((p) => p.phase === 'Running' && !p.leaving);
}

const deployment = (replicas: number) => createWebDeployment(replicas);

const perNode = (pods: PodSeen[]) => {
  const counts = new Map<string, number>();
  for (const pod of pods) counts.set(pod.nodeName!, (counts.get(pod.nodeName!) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
};

/** kesadm init → kes simulate 3 nodes (a second run under the same names is refused) → a 6-replica Deployment spreads over them, never on the tainted master. */
test.serial('simulated nodes run a Deployment spread across them', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const masterDir = join(dir.path, 'master');
  const master = startProcess('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master']);
  started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on/);
  const args = joinLine.trim().split(/\s+/).slice(2);
  const simulator = startProcess('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '3', '--name-prefix', 'sim-', '--cpu', '4', '--memory', '8Gi', '--heartbeat-interval', '1s']);
  started.push(simulator);
  await simulator.waitFor(/3 simulated nodes joined/);
  const rerun = startProcess('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '1', '--name-prefix', 'sim-']);
  started.push(rerun);
  t.is(await rerun.exited, 1, 'the names are taken by the running simulator');
  t.regex(rerun.output(), /\(409\): node "sim-1" is already registered.*choose another --name-prefix, or delete the nodes an earlier run left \(kesctl delete node --ignore-not-found sim-\{1\.\.1\}\)/);

  const config = readKubeconfig(join(masterDir, 'admin.kubeconfig'));
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  await api.request('POST', '/kes/v1/commands', deployment(6));
  const pods = await eventually(() => runningPods(api), (p) => p.length === 6, 30_000, 300);
  t.deepEqual(perNode(pods), { 'sim-1': 2, 'sim-2': 2, 'sim-3': 2 });
});

/** Nodes whose kubelet stops go NotReady; after the toleration their pods are evicted and recreated elsewhere. */
test.serial('pods of nodes that stop are recreated on the nodes that remain', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const masterDir = join(dir.path, 'master');
  const fast = ['--node-monitor-grace-period', '2s', '--default-unreachable-toleration-seconds', '2'];
  const master = startProcess('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master', ...fast]);
  started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on/);
  const args = joinLine.trim().split(/\s+/).slice(2);
  const simulate = (prefix: string) => {
    const running = startProcess('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '2', '--name-prefix', prefix, '--heartbeat-interval', '300ms']);
    started.push(running);
    return running;
  };
  const [staying, leaving] = [simulate('a-'), simulate('b-')];
  await Promise.all([staying.waitFor(/2 simulated nodes joined/), leaving.waitFor(/2 simulated nodes joined/)]);
  const config = readKubeconfig(join(masterDir, 'admin.kubeconfig'));
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  await api.request('POST', '/kes/v1/commands', deployment(4));
  const before = await eventually(() => runningPods(api), (p) => p.length === 4, 30_000, 300);
  t.deepEqual(perNode(before), { 'a-1': 1, 'a-2': 1, 'b-1': 1, 'b-2': 1 });

  await leaving.kill('SIGKILL');
  const after = await eventually(() => runningPods(api), (p) => p.length === 4 && p.every((pod) => pod.nodeName!.startsWith('a-')), 30_000, 300);
  t.deepEqual(perNode(after), { 'a-1': 2, 'a-2': 2 });
  const history = await api.request<{ items: { type: string; data: { status?: string; taints?: { key: string }[] } }[] }>('GET', '/kes/v1/history/node/b-1');
  t.true(history.items.some((e) => e.type === 'NodeReadinessChanged' && e.data.status === 'Unknown'));
  t.true(history.items.some((e) => e.type === 'NodeTaintsChanged' && e.data.taints?.some((x) => x.key === 'node.kubernetes.io/unreachable')));
});
