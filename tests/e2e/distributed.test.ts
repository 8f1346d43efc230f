import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { streamMessages } from '../support/kes-events-stream.js';
import { e2eCluster } from '../support/e2e-cluster.js';
import { eventually, runCli } from '../support/processes.js';
import { createWebDeployment, sleepingTemplate } from '../support/workload-fixtures.js';

const LEASE = '2s';

type PodList = { items: { metadata: { name: string }; spec: { nodeName?: string }; status: { phase: string } }[] };

/** Pods that run anywhere: a real process (sleep) on a real worker, nothing on a simulated node. */
const deployment = (replicas: number) => createWebDeployment(replicas, sleepingTemplate());

/**
 * The control plane's parts as processes over a real nats-server: an API server (with the relay), two schedulers,
 * a controller manager and simulated kubelets. The acting scheduler is killed with pods pending: the other places
 * them all, and no pod is bound twice.
 */
test.serial('API server, two schedulers, a controller manager and simulated nodes as processes over NATS: kill -9 of the acting scheduler, the other places every pod once', async (t) => {
  const { dir, start, nats: natsServer } = e2eCluster(t);
  const nats = await natsServer();
  const dataDir = join(dir, 'master');
  const port = await freeLoopbackPort();
  const master = start('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'master', '--kubelet-port', '0', '--nats', nats.url, '--external-components']);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on/, 60_000);

  const component = (name: 'scheduler' | 'controller-manager', ...extra: string[]) =>
    start('kes', [name, '--nats', nats.url, '--kubeconfig', join(dataDir, `${name}.kubeconfig`), '--leader-elect-lease-duration', LEASE, ...extra]);
  const schedulers = [component('scheduler'), component('scheduler')];
  const controllers = component('controller-manager', '--node-monitor-grace-period', '10s');
  await Promise.all([...schedulers, controllers].map((p) => p.waitFor(/running \(NATS/, 30_000)));
  const args = joinLine.trim().split(/\s+/).slice(2);
  const simulator = start('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '3', '--name-prefix', 'sim-', '--heartbeat-interval', '1s']);
  await simulator.waitFor(/3 simulated nodes joined/, 30_000);

  const { server, token, caData } = readKubeconfig(join(dataDir, 'admin.kubeconfig'));
  const api = new ApiClient(server, token!, { ca: caData });
  const running = async () => (await api.request<PodList>('GET', '/api/v1/namespaces/default/pods')).items.filter((p) => p.status.phase === 'Running');
  await api.request('POST', '/kes/v1/commands', deployment(6));
  await eventually(running, (pods) => pods.length === 6, 60_000, 250);

  const acting = await eventually(() => schedulers.filter((s) => /scheduler: acting/.test(s.output())), (found) => found.length === 1, 20_000);
  const standby = schedulers.find((s) => s !== acting[0])!;
  await acting[0].kill('SIGKILL');
  await api.request('POST', '/kes/v1/commands', { type: 'ScaleDeployment', data: { namespace: 'default', name: 'web', replicas: 12 } });
  await standby.waitFor(/scheduler: acting/, 20_000);
  const pods = await eventually(running, (list) => list.length === 12, 60_000, 250);
  t.true(pods.every((p) => p.spec.nodeName?.startsWith('sim-')), 'on the simulated nodes, never on the tainted master');

  const scheduled = (await streamMessages(nats.url)).filter((m) => m.header.get('ce-type') === 'io.kes.PodScheduled').map((m) => m.header.get('ce-subject'));
  t.is(scheduled.length, 12, 'twelve bindings on the stream');
  t.is(new Set(scheduled).size, 12, 'no pod bound twice');
});

/**
 * Nodes over NATS: a real worker (kesadm join --nats) and simulated nodes (kes simulate --nats) follow KES_EVENTS,
 * send their commands and heartbeats over NATS; nats-server restarts with its store, every part reconnects, and the
 * cluster converges again.
 */
test.serial('with the cluster\'s NATS users in force, kubelets over NATS run a Deployment; a stranger is refused; after nats-server restarts with its store, every part reconnects and the cluster converges', async (t) => {
  const { dir, start, nats: natsServer } = e2eCluster(t);
  const dataDir = join(dir, 'master');
  const config = join(dir, 'nats-server.conf');
  const printed = runCli('kesadm', ['nats-config', '--data-dir', dataDir]);
  t.is(printed.code, 0, printed.stderr);
  writeFileSync(config, printed.stdout);
  const nats = await natsServer({ config });
  const port = await freeLoopbackPort();
  const fast = ['--node-monitor-grace-period', '6s', '--heartbeat-interval', '500ms'];
  const master = start('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'master', '--kubelet-port', '0', '--nats', nats.url, ...fast]);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on/, 60_000);
  const args = joinLine.trim().split(/\s+/).slice(2);
  const worker = start('kesadm', ['join', ...args, '--node-name', 'worker-1', '--data-dir', join(dir, 'worker-1'), '--kubelet-port', '0', '--heartbeat-interval', '500ms', '--nats', nats.url]);
  const simulator = start('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '2', '--name-prefix', 'sim-', '--heartbeat-interval', '500ms', '--nats', nats.url]);
  await Promise.all([worker.waitFor(/has joined/, 60_000), simulator.waitFor(/2 simulated nodes joined/, 60_000)]);

  const { server, token, caData } = readKubeconfig(join(dataDir, 'admin.kubeconfig'));
  const api = new ApiClient(server, token!, { ca: caData });
  type NodeList = { items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[] };
  const ready = async () => (await api.request<NodeList>('GET', '/api/v1/nodes')).items
    .filter((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name).sort();
  const everyNode = ['master', 'sim-1', 'sim-2', 'worker-1'];
  const running = async () => (await api.request<PodList>('GET', '/api/v1/namespaces/default/pods')).items.filter((p) => p.status.phase === 'Running');
  await api.request('POST', '/kes/v1/commands', deployment(6));
  const pods = await eventually(running, (list) => list.length === 6, 60_000, 250);
  t.true(pods.some((p) => p.spec.nodeName === 'worker-1') && pods.some((p) => p.spec.nodeName?.startsWith('sim-')), 'on the real worker and the simulated nodes');
  t.deepEqual(await eventually(ready, (names) => names.length === 4, 20_000), everyNode, 'heartbeats over NATS keep every node Ready');

  const stranger = start('kes', ['scheduler', '--nats', nats.url, '--kubeconfig', join(dataDir, 'scheduler.kubeconfig')]);
  t.is(await stranger.exited, 1, 'a component without the cluster\'s NATS credentials is not let in');
  t.regex(stranger.output(), /Authorization Violation/i);
  const workerCreds = (JSON.parse(readFileSync(join(dir, 'worker-1', 'kubelet.json'), 'utf8')) as { natsCredentials: string }).natsCredentials;
  const asWorker = await connectNats(nats.url, 'test-worker-1', workerCreds);
  const violation = (async () => {
    for await (const status of asWorker.status()) if (/PERMISSIONS_VIOLATION/i.test(`${status.type} ${String(status.data)}`)) return true;
    return false;
  })();
  asWorker.publish('kes.heartbeats.sim-1');
  t.true(await Promise.race([violation, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000))]), "worker-1 may not beat for sim-1");
  await asWorker.close();

  await nats.restart();
  await api.request('POST', '/kes/v1/commands', { type: 'ScaleDeployment', data: { namespace: 'default', name: 'web', replicas: 10 } });
  await eventually(running, (list) => list.length === 10, 60_000, 250);
  t.deepEqual(await eventually(ready, (names) => names.length === 4, 20_000), everyNode, 'every node Ready again');
});
