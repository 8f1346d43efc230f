import {
  AppsV1Api, CoordinationV1Api, CoreV1Api, Exec, KubeConfig, Log, PatchStrategy, PolicyV1Api, makeInformer, setHeaderOptions,
  type KubernetesObject, type V1ConfigMap, type V1Status,
} from '@kubernetes/client-node';
import test, { type ExecutionContext } from 'ava';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/**
 * The official JavaScript client (`@kubernetes/client-node`, the newest that runs on Node 20) with its defaults,
 * against `kesadm init --single-node`: CRUD of every kind kes serves, delete as the client sends it (a JSON content
 * type and an empty body), an informer that carries on across an API server restart, logs and exec.
 */

async function cluster(t: ExecutionContext) {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const dataDir = join(dir.path, 'cluster');
  const port = await freeLoopbackPort();
  const master = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo']);
  started.push(master);
  await master.waitFor(/listening on https:/);
  const kc = new KubeConfig();
  kc.loadFromFile(join(dataDir, 'admin.kubeconfig'));
  /** Stops the API server (SIGTERM) and starts it again from its data directory. */
  const restart = async () => {
    const running = started.pop()!;
    await running.stop();
    const again = startProcess('kesadm', ['start', '--data-dir', dataDir]);
    started.push(again);
    await again.waitFor(/listening on https:/);
  };
  return { kc, restart };
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const namespace = 'default';

/** What the API server answered, for a call that must fail. */
async function refusal(call: Promise<unknown>): Promise<{ code: number; body: V1Status }> {
  try {
    await call;
  } catch (error) {
    const { code, body } = error as { code: number; body: string | V1Status };
    return { code, body: typeof body === 'string' ? (JSON.parse(body) as V1Status) : body };
  }
  throw new Error('the call succeeded');
}

test('CRUD of every kind through the JavaScript client, delete included', async (t) => {
  const { kc } = await cluster(t);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const coordination = kc.makeApiClient(CoordinationV1Api);

  await core.createNamespace({ body: { metadata: { name: 'shop', labels: { team: 'a' } } } });
  t.is((await core.readNamespace({ name: 'shop' })).metadata?.labels?.team, 'a');
  await core.patchNamespace({ name: 'shop', body: { metadata: { labels: { team: 'b' } } } }, mergePatch);
  t.is((await core.readNamespace({ name: 'shop' })).metadata?.labels?.team, 'b');

  const cm = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
  const replaced = await core.replaceNamespacedConfigMap({ namespace, name: 'settings', body: { ...cm, data: { a: '2', b: '3' } } });
  t.deepEqual(replaced.data, { a: '2', b: '3' });
  const stale = await refusal(core.replaceNamespacedConfigMap({ namespace, name: 'settings', body: { ...cm, data: { a: 'lost' } } }));
  t.is(stale.code, 409, 'a replace carrying an old resourceVersion is a conflict');
  t.true((await core.listNamespacedConfigMap({ namespace })).items.some((c) => c.metadata?.name === 'settings'));

  await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'token' }, stringData: { password: 'hunter2' } } });
  t.is(Buffer.from((await core.readNamespacedSecret({ namespace, name: 'token' })).data!.password!, 'base64').toString(), 'hunter2');

  const labels = { app: 'web' };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'busybox', command: ['sh', '-c', 'sleep 3600'] }] } };
  await apps.createNamespacedDeployment({ namespace, body: { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: labels }, template } } });
  await apps.patchNamespacedDeployment({ namespace, name: 'web', body: { spec: { replicas: 1 } } }, mergePatch);
  await eventually(async () => (await apps.readNamespacedDeployment({ namespace, name: 'web' })).status?.readyReplicas, (n) => n === 1, 60_000);
  const replicaSets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
  t.is(replicaSets.items.length, 1);

  await core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } });
  t.truthy((await core.readNamespacedService({ namespace, name: 'web' })).spec?.clusterIP);
  await eventually(async () => (await core.readNamespacedEndpoints({ namespace, name: 'web' })).subsets?.[0]?.addresses?.length ?? 0, (n) => n === 1, 30_000);

  // kes has no PodDisruptionBudgets yet: policy/v1 lists none (kubectl drain needs the group to be there).
  t.deepEqual((await policy.listNamespacedPodDisruptionBudget({ namespace })).items, []);
  t.truthy((await core.readNamespacedServiceAccount({ namespace, name: 'default' })).metadata?.uid);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'robot' } } });

  const node = await core.readNode({ name: 'solo' });
  t.is(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  await core.patchNode({ name: 'solo', body: { metadata: { labels: { disk: 'ssd' } } } }, mergePatch);
  t.is((await core.readNode({ name: 'solo' })).metadata?.labels?.disk, 'ssd');
  t.true((await coordination.listNamespacedLease({ namespace: 'kube-node-lease' })).items.some((l) => l.metadata?.name === 'solo'));
  t.true((await core.listNamespacedEvent({ namespace })).items.length > 0);

  await core.createNamespacedPod({ namespace, body: { metadata: { name: 'single' }, spec: template.spec } });

  // Every delete as the client sends it: Content-Type application/json and no body.
  await core.deleteNamespacedServiceAccount({ namespace, name: 'robot' });
  await core.deleteNamespacedService({ namespace, name: 'web' });
  await core.deleteNamespacedPod({ namespace, name: 'single' });
  await apps.deleteNamespacedDeployment({ namespace, name: 'web' });
  await core.deleteNamespacedSecret({ namespace, name: 'token' });
  await core.deleteNamespacedConfigMap({ namespace, name: 'settings' });
  await core.deleteNamespace({ name: 'shop' });
  t.is((await refusal(core.readNamespacedConfigMap({ namespace, name: 'settings' }))).code, 404);
  t.is((await refusal(core.readNamespacedSecret({ namespace, name: 'token' }))).code, 404);
  t.is((await refusal(core.readNamespacedServiceAccount({ namespace, name: 'robot' }))).code, 404);
  await eventually(async () => (await refusal(apps.readNamespacedDeployment({ namespace, name: 'web' }))).code, (code) => code === 404, 30_000);
  const missing = await refusal(core.deleteNamespacedConfigMap({ namespace, name: 'settings' }));
  t.is(missing.code, 404);
  t.like(missing.body.details, { name: 'settings', kind: 'configmaps' });
});

test('an informer lists, follows, and carries on across an API server restart', async (t) => {
  const { kc, restart } = await cluster(t);
  const core = kc.makeApiClient(CoreV1Api);
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  const informer = makeInformer<V1ConfigMap>(kc, path, () => core.listNamespacedConfigMap({ namespace }));
  const seen = new Map<string, string | undefined>();
  const remember = (o: KubernetesObject & V1ConfigMap) => seen.set(o.metadata!.name!, o.data?.v);
  informer.on('add', remember);
  informer.on('update', remember);
  informer.on('delete', (o) => seen.delete(o.metadata!.name!));
  // As the client's README says: an informer that errors is started again after a while.
  let stopped = false;
  informer.on('error', () => setTimeout(() => void (!stopped && informer.start().catch(() => undefined)), 500));
  t.teardown(() => {
    stopped = true;
    void informer.stop();
  });
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'before' }, data: { v: '1' } } });
  await informer.start();
  await eventually(() => seen.get('before'), (v) => v === '1');
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'live' }, data: { v: '2' } } });
  await eventually(() => seen.get('live'), (v) => v === '2');

  await restart();
  await core.patchNamespacedConfigMap({ namespace, name: 'live', body: { data: { v: '3' } } }, mergePatch);
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after' }, data: { v: '4' } } });
  await core.deleteNamespacedConfigMap({ namespace, name: 'before' });
  const final = await eventually(() => new Map(seen), (m) => m.get('live') === '3' && m.get('after') === '4' && !m.has('before'), 60_000);
  t.deepEqual([...final.keys()].filter((k) => k !== 'kube-root-ca.crt').sort(), ['after', 'live']);
});

test('logs and exec through the JavaScript client', async (t) => {
  const { kc } = await cluster(t);
  const core = kc.makeApiClient(CoreV1Api);
  const spec = { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo started; sleep 3600'], env: [{ name: 'GREETING', value: 'hello' }] }] };
  await core.createNamespacedPod({ namespace, body: { metadata: { name: 'shell' }, spec } });
  await eventually(async () => (await core.readNamespacedPod({ namespace, name: 'shell' })).status?.phase, (phase) => phase === 'Running', 60_000);

  const logged = await eventually(async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await new Log(kc).log(namespace, 'shell', 'main', out, { follow: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    return text;
  }, (text) => text.includes('started'));
  t.is(logged, 'started\n');

  const run = (command: string[]) =>
    new Promise<{ out: string; status: V1Status }>((resolve, reject) => {
      let out = '';
      const stdout = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
      new Exec(kc)
        .exec(namespace, 'shell', 'main', command, stdout, process.stderr, null, false, (status) => setTimeout(() => resolve({ out, status }), 100))
        .catch(reject);
    });
  const greeted = await run(['sh', '-c', 'echo $GREETING']);
  t.is(greeted.out, 'hello\n');
  t.is(greeted.status.status, 'Success');
  const failed = await run(['sh', '-c', 'exit 3']);
  t.is(failed.status.status, 'Failure');
  t.is(failed.status.reason, 'NonZeroExitCode');
  t.is(failed.status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message, '3');
});
