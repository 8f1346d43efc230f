import test from 'ava';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { streamMessages } from '../support/kes-events-stream.js';
import { startNatsServer } from '../support/nats-server.js';
import { eventually, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { template } from '../support/workload-fixtures.js';

const LEASE = '2s';

type PodList = { items: { metadata: { name: string }; spec: { nodeName?: string }; status: { phase: string } }[] };

const deployment = (replicas: number) => ({
  type: 'CreateDeployment',
  data: {
    meta: { name: 'web', namespace: 'default', uid: 'dep-web', labels: { app: 'web' }, annotations: {}, ownerReferences: [] },
    replicas,
    selector: [{ key: 'app', operator: 'In', values: ['web'] }],
    template: template(),
  },
});

/**
 * The control plane's parts as processes over a real nats-server: an API server (with the relay), two schedulers,
 * a controller manager and simulated kubelets. The acting scheduler is killed with pods pending: the other places
 * them all, and no pod is bound twice.
 */
test.serial('API server, two schedulers, a controller manager and simulated nodes as processes over NATS: kill -9 of the acting scheduler, the other places every pod once', async (t) => {
  const nats = await startNatsServer();
  const dir = tempDir();
  const started: Running[] = [];
  const start = (...args: Parameters<typeof startProcess>) => {
    const running = startProcess(...args);
    started.push(running);
    return running;
  };
  t.teardown(async () => {
    await stopCluster(started, dir);
    await nats.stop();
  });
  const dataDir = join(dir.path, 'master');
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
