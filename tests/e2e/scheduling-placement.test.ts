import test from 'ava';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, stopCluster, startProcess, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/**
 * kesadm init → kes simulate 3 nodes in zones a, b, a → Deployments applied through the Kubernetes API with
 * required pod anti-affinity and topology spread constraints land as kube-scheduler would place them.
 */

type Pod = { metadata: { name: string; labels: Record<string, string> }; spec: { nodeName?: string }; status: { phase: string } };
type K8sEvent = { reason: string; message: string; involvedObject: { name: string } };

const ZONE = 'topology.kubernetes.io/zone';
const ZONES: Record<string, string> = { 'sim-1': 'a', 'sim-2': 'b', 'sim-3': 'a' };

function deployment(name: string, replicas: number, placement: object) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...placement } },
    },
  };
}

const antiAffine = (app: string) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } },
});
const spreadOverZones = (app: string) => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }],
});

async function podsOf(api: ApiClient, app: string): Promise<Pod[]> {
  return (await api.request<{ items: Pod[] }>('GET', `/api/v1/namespaces/default/pods?labelSelector=app%3D${app}`)).items;
}

test.serial('required pod anti-affinity puts one replica per node and leaves the extra one Pending with the reason; a zone spread constraint spreads evenly', async (t) => {
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
  const simulator = startProcess('kes', ['simulate', '--server', args[0], ...args.slice(1), '--nodes', '3', '--name-prefix', 'sim-', '--zones', 'a,b', '--heartbeat-interval', '1s']);
  started.push(simulator);
  await simulator.waitFor(/3 simulated nodes joined/);

  const config = readKubeconfig(join(masterDir, 'admin.kubeconfig'));
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  const nodes = (await api.request<{ items: { metadata: { name: string; labels: Record<string, string> } }[] }>('GET', '/api/v1/nodes')).items;
  t.deepEqual(Object.fromEntries(nodes.filter((n) => n.metadata.name.startsWith('sim-')).map((n) => [n.metadata.name, n.metadata.labels[ZONE]])), ZONES);

  // Spread first: zone a has two nodes and b one, so spreading by node alone would put 3 of 4 replicas in zone a.
  await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('spread', 4, spreadOverZones('spread')));
  const spread = await eventually(() => podsOf(api, 'spread'), (pods) => pods.filter((p) => p.status.phase === 'Running').length === 4, 30_000, 300);
  const perZone = (pods: Pod[]) => pods.reduce<Record<string, number>>((z, p) => ({ ...z, [ZONES[p.spec.nodeName!]!]: (z[ZONES[p.spec.nodeName!]!] ?? 0) + 1 }), {});
  t.deepEqual(perZone(spread), { a: 2, b: 2 });

  await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 4, antiAffine('web')));
  const web = await eventually(
    () => podsOf(api, 'web'),
    (pods) => pods.length === 4 && pods.filter((p) => p.status.phase === 'Running').length === 3,
    30_000, 300,
  );
  const running = web.filter((p) => p.status.phase === 'Running');
  t.deepEqual(running.map((p) => p.spec.nodeName).sort(), ['sim-1', 'sim-2', 'sim-3'], 'one replica per node');
  const pending = web.find((p) => p.status.phase === 'Pending')!;
  t.is(pending.spec.nodeName, undefined);
  const events = await eventually(
    async () => (await api.request<{ items: K8sEvent[] }>('GET', '/api/v1/namespaces/default/events')).items.filter((e) => e.involvedObject.name === pending.metadata.name),
    (items) => items.some((e) => e.reason === 'FailedScheduling'),
    15_000, 300,
  );
  t.is(
    events.find((e) => e.reason === 'FailedScheduling')!.message,
    "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. " +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
  );
});
