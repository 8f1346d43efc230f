import test from 'ava';
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { streamMessages } from '../support/kes-events-stream.js';
import { e2eCluster } from '../support/e2e-cluster.js';
import { eventually, ROOT } from '../support/processes.js';

type Followed = { position: number; type: string; subject: string; time: string; source: string; data: unknown };
type PodList = { items: { status: { phase: string } }[] };

/** examples/follow-events.mjs, which uses nothing but the `nats` package: the events it prints until the stream is quiet. */
function follow(url: string, ...flags: string[]): Followed[] {
  const run = spawnSync(process.execPath, [join(ROOT, 'examples', 'follow-events.mjs'), url, ...flags, '--until-idle', '1500'], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`follow-events.mjs exited ${run.status}: ${run.stderr}`);
  return run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Followed);
}

const manifest = (replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sleeper' },
  spec: {
    replicas, selector: { matchLabels: { app: 'sleeper' } },
    template: { metadata: { labels: { app: 'sleeper' } }, spec: { containers: [{ name: 's', image: 'busybox', command: ['sleep', '3600'] }] } },
  },
});

test.serial('an integrator with only the nats package replays KES_EVENTS from the start, filters it, validates every event against its schema, and a durable consumer goes on where it stopped', async (t) => {
  const { dir, start, nats: natsServer } = e2eCluster(t);
  const nats = await natsServer();
  const dataDir = join(dir, 'master');
  const port = await freeLoopbackPort();
  const master = start('kesadm', ['init', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'master', '--single-node', '--kubelet-port', '0', '--nats', nats.url]);
  await master.waitFor(/listening on/, 60_000);
  const { server, token, caData } = readKubeconfig(join(dataDir, 'admin.kubeconfig'));
  const api = new ApiClient(server, token!, { ca: caData });
  const running = async () => (await api.request<PodList>('GET', '/api/v1/namespaces/default/pods')).items.filter((p) => p.status.phase === 'Running').length;
  await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', manifest(3));
  await eventually(running, (n) => n === 3, 60_000, 250);

  const everything = follow(nats.url, '--from', '1');
  t.deepEqual(everything.map((e) => e.position), everything.map((_, i) => i + 1), 'every position from 1, in order');
  t.is(everything.filter((e) => e.type === 'ClusterInitialized').length, 1);
  const created = everything.filter((e) => e.type === 'PodCreated').map((e) => e.subject);
  const scheduled = everything.filter((e) => e.type === 'PodScheduled').map((e) => e.subject);
  t.is(created.length, 3);
  t.deepEqual([...scheduled].sort(), [...created].sort(), 'exactly one PodScheduled per pod');
  t.deepEqual(follow(nats.url, '--kind', 'pod', '--type', 'PodScheduled').map((e) => e.subject).sort(), [...scheduled].sort(), 'filtered on the subject');

  const ajv = new Ajv({ allowUnionTypes: true, strict: false });
  const schemas = new Map<string, ReturnType<Ajv['compile']>>();
  const problems: string[] = [];
  for (const message of await streamMessages(nats.url)) {
    const type = message.header.get('ce-type').replace(/^io\.kes\./, '');
    if (!schemas.has(type)) schemas.set(type, ajv.compile(await api.request<object>('GET', new URL(message.header.get('ce-dataschema')).pathname)));
    const validate = schemas.get(type)!;
    if (!validate(message.json())) problems.push(`${type} at ${message.header.get('Kes-Position')}: ${ajv.errorsText(validate.errors)}`);
  }
  t.deepEqual(problems, [], 'every message validates against the schema its ce-dataschema names');

  const first = follow(nats.url, '--durable', 'integrator');
  t.is(first.length, everything.length);
  await api.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/sleeper/scale', { spec: { replicas: 5 } }, { 'content-type': 'application/merge-patch+json' });
  await eventually(running, (n) => n === 5, 60_000, 250);
  const later = follow(nats.url, '--durable', 'integrator');
  t.true(later.length > 0);
  t.is(later[0].position, first.at(-1)!.position + 1, 'the durable consumer goes on after the last event it acknowledged');
  t.deepEqual(later.map((e) => e.position), later.map((_, i) => later[0].position + i), 'nothing skipped, nothing repeated');
});
