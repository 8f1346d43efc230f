import test from 'ava';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freePort } from '../support/ports.js';
import { eventually, startProcess, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import { template } from '../support/workload-fixtures.js';

type EventLog = { items: { type: string; stream: string; data: { nodeName?: string; phase?: string; name?: string } }[] };

/** kesadm init → kes simulate 3 nodes → a 6-replica Deployment spreads over them, never on the tainted master. */
test.serial('simulated nodes run a Deployment spread across them', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(async () => {
    await Promise.all(started.map((p) => p.kill('SIGKILL')));
    dir.remove();
  });
  const port = await freePort();
  const masterDir = join(dir.path, 'master');
  const master = startProcess('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master']);
  started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/);
  await master.waitFor(/listening on/);
  const args = joinLine.trim().split(/\s+/).slice(2);
  const simulator = startProcess('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '3', '--name-prefix', 'sim-', '--cpu', '4', '--memory', '8Gi', '--heartbeat-interval', '1s']);
  started.push(simulator);
  await simulator.waitFor(/3 simulated nodes joined/);

  const config = readKubeconfig(join(masterDir, 'admin.kubeconfig'));
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  await api.request('POST', '/kes/v1/commands', {
    type: 'CreateDeployment',
    data: {
      meta: { name: 'web', namespace: 'default', uid: 'dep-web', labels: { app: 'web' }, annotations: {}, ownerReferences: [] },
      replicas: 6,
      selector: [{ key: 'app', operator: 'In', values: ['web'] }],
      template: template(),
    },
  });
  const running = async () => {
    const log = await api.request<EventLog>('GET', '/kes/v1/events?after=0');
    const latest = new Map<string, { nodeName?: string; phase?: string }>();
    for (const e of log.items.filter((i) => i.stream.startsWith('pod-'))) {
      const before = latest.get(e.stream) ?? {};
      if (e.type === 'PodDeleted') latest.delete(e.stream);
      else latest.set(e.stream, { nodeName: e.data.nodeName ?? before.nodeName, phase: e.data.phase ?? before.phase });
    }
    return [...latest.values()].filter((p) => p.phase === 'Running');
  };
  const pods = await eventually(running, (p) => p.length === 6, 30_000, 300);
  const perNode = new Map<string, number>();
  for (const pod of pods) perNode.set(pod.nodeName!, (perNode.get(pod.nodeName!) ?? 0) + 1);
  t.deepEqual(Object.fromEntries([...perNode].sort()), { 'sim-1': 2, 'sim-2': 2, 'sim-3': 2 });
});
