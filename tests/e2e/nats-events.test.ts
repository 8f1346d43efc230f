import test from 'ava';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { streamMessages } from '../support/kes-events-stream.js';
import { e2eCluster, storedEvents } from '../support/e2e-cluster.js';
import { eventually } from '../support/processes.js';

const FAST = ['--node-monitor-grace-period', '2s', '--heartbeat-interval', '300ms', '--kubelet-port', '0'];
const WRITERS = 8;

/** Clients creating ConfigMaps as fast as the API server takes them, until told to stop. */
function load(api: ApiClient) {
  let stopping = false;
  let created = 0;
  const writer = async (w: number) => {
    for (let i = 0; !stopping; i++)
      await api.request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `load-${w}-${i}` }, data: { i: String(i) } })
        .then(() => void created++, () => undefined);
  };
  const writing = Array.from({ length: WRITERS }, (_, w) => writer(w));
  return { created: () => created, stop: async () => ((stopping = true), await Promise.all(writing)) };
}

test.serial('kill -9 of the API server while it appends: after kesadm start, KES_EVENTS holds each stored event once, in store order', async (t) => {
  const { dir, start, nats: natsServer } = e2eCluster(t);
  const nats = await natsServer();
  const dataDir = join(dir, 'master');
  const port = await freeLoopbackPort();
  const master = start('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'master', '--single-node', '--nats', nats.url, ...FAST]);
  await master.waitFor(/listening on/, 60_000);
  const { server, token, caData } = readKubeconfig(join(dataDir, 'admin.kubeconfig'));
  const api = new ApiClient(server, token!, { ca: caData });

  const writing = load(api);
  await eventually(writing.created, (n) => n >= 300, 60_000, 50);
  await master.kill('SIGKILL');
  await writing.stop();

  const restarted = start('kesadm', ['start', '--data-dir', dataDir, ...FAST]);
  await restarted.waitFor(/listening on/, 60_000);
  const head = async () => {
    let after = 0;
    for (let page = await api.request<{ items: { position: number }[] }>('GET', `/kes/v1/events?after=0`); page.items.length > 0; )
      page = await api.request('GET', `/kes/v1/events?after=${(after = page.items.at(-1)!.position)}`);
    return after;
  };
  await eventually(async () => [await head(), (await streamMessages(nats.url)).length], ([stored, published]) => stored === published, 60_000, 250);
  await restarted.stop();

  const stored = await storedEvents(dataDir);
  const published = await streamMessages(nats.url);
  t.true(stored.length > 300, `${stored.length} events stored`);
  t.deepEqual(published.map((m) => [Number(m.header.get('Kes-Position')), m.header.get('ce-id')]), stored.map((e) => [e.position, e.id]), 'each event once, in store order');
});
