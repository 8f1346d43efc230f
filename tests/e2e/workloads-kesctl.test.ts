import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';
import type { EventSchemaList } from '../../adapters/http/routes/schemas.js';
import { availabilityAfter, podsOf, readEventLog, type PodRow } from '../support/event-log.js';
import { eventProblems } from '../support/event-schemas.js';

/**
 * The workload must-shows through the API, driven by kesctl: `kesadm init` (a tainted master) and three
 * simulated nodes from `kes simulate`, each 4 cpu / 8Gi; every test works in a namespace of its own.
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
  const simulator = startProcess('kes', [
    'simulate', '--server', server, ...joinArgs, '--nodes', '3', '--name-prefix', 'sim-', '--cpu', '4', '--memory', '8Gi',
    '--start-latency', '300ms', '--heartbeat-interval', '1s',
  ]);
  cluster.started.push(simulator);
  await simulator.waitFor(/3 simulated nodes joined/);
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
const manifest = (name: string, text: string) => {
  const file = join(cluster.dir!.path, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
};

const deployment = (namespace: string, replicas: number, image = 'nginx:1.27', strategy = '') => `apiVersion: v1
kind: Namespace
metadata: {name: ${namespace}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  ${strategy}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        resources: {requests: {cpu: 100m, memory: 64Mi}}
`;

/** The pods of a namespace that run and are not leaving, as the event log tells it. */
const running = async (namespace: string) => (await podsOf(await readEventLog(cluster.api!), namespace)).filter((p) => p.phase === 'Running' && !p.leaving);
const perNode = (pods: readonly PodRow[]) => {
  const counts: Record<string, number> = {};
  for (const pod of pods) counts[pod.nodeName!] = (counts[pod.nodeName!] ?? 0) + 1;
  return counts;
};
/** The images the pods of a namespace run, each once. */
const podImages = (namespace: string) => {
  const pods = JSON.parse(ok('get', 'pods', '-n', namespace, '-o', 'json')) as { items: { spec: { containers: { image: string }[] } }[] };
  return [...new Set(pods.items.map((p) => p.spec.containers[0]!.image))];
};
const runningCount = (namespace: string, count: number) => eventually(() => running(namespace), (pods) => pods.length === count, 40_000, 300);
/** The images of a namespace's pods once they are `expected`: pods of an old template may still be terminating when a rollout is done. */
const imagesBecome = (namespace: string, expected: string[]) =>
  eventually(() => podImages(namespace), (images) => JSON.stringify(images) === JSON.stringify(expected), 30_000, 300);
/** `kesctl get` output once it matches: the controllers write the status columns after the pods change. */
const getShows = (args: string[], pattern: RegExp) => eventually(() => ok('get', ...args), (out) => pattern.test(out), 30_000, 300);

test.serial('a pod that fits nowhere stays Pending, and describe pod says why', async (t) => {
  ok('create', 'namespace', 'big');
  ok('apply', '-f', manifest('huge', `apiVersion: v1
kind: Pod
metadata: {name: huge, namespace: big}
spec:
  containers:
  - {name: app, image: busybox, resources: {requests: {cpu: "64"}}}
`));
  const reason = '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.';
  const described = await eventually(() => kesctl('describe', 'pod', 'huge', '-n', 'big').stdout, (out) => out.includes(reason));
  t.regex(described, /Status:\s+Pending/);
  t.regex(described, /Warning\s+FailedScheduling\s+.*0\/4 nodes are available/);
  t.regex(ok('get', 'pods', '-n', 'big'), /huge\s+0\/1\s+Pending/);
});

test.serial('a Deployment spreads over the simulated nodes; cordon stops new placements; drain moves pods and leaves the node cordoned', async (t) => {
  ok('apply', '-f', manifest('spread', deployment('spread', 6)));
  t.deepEqual(perNode(await runningCount('spread', 6)), { 'sim-1': 2, 'sim-2': 2, 'sim-3': 2 }, 'spread evenly, none on the tainted master');

  ok('cordon', 'sim-1');
  ok('scale', 'deployment', 'web', '--replicas', '9', '-n', 'spread');
  const scaled = perNode(await runningCount('spread', 9));
  t.is(scaled['sim-1'], 2, 'the cordoned node got no new pod');
  t.is(scaled['sim-2'] + scaled['sim-3'], 7);
  ok('uncordon', 'sim-1');

  ok('drain', 'sim-2', '--ignore-daemonsets');
  const drained = await eventually(() => running('spread'), (pods) => pods.length === 9 && pods.every((p) => p.nodeName !== 'sim-2'), 40_000, 300);
  t.deepEqual(Object.keys(perNode(drained)).sort(), ['sim-1', 'sim-3']);
  t.regex(ok('get', 'nodes'), /sim-2\s+Ready,SchedulingDisabled/);
  ok('uncordon', 'sim-2');
});

test.serial('scale down and up', async (t) => {
  ok('apply', '-f', manifest('scale', deployment('scale', 4)));
  await runningCount('scale', 4);
  ok('scale', 'deployment', 'web', '--replicas', '1', '-n', 'scale');
  t.is((await runningCount('scale', 1)).length, 1);
  t.regex(await getShows(['deployment', 'web', '-n', 'scale'], /web\s+1\/1\s+1\s+1/), /web\s+1\/1\s+1\s+1/);
  ok('scale', 'deployment', 'web', '--replicas', '5', '-n', 'scale');
  t.is((await runningCount('scale', 5)).length, 5);
  await eventually(() => kesctl('get', 'deployment', 'web', '-n', 'scale').stdout, (out) => /web\s+5\/5\s+5\s+5/.test(out));

  ok('delete', 'deployment', 'web', '-n', 'scale');
  await eventually(async () => podsOf(await readEventLog(cluster.api!), 'scale'), (pods) => pods.length === 0, 40_000, 300);
  t.regex(kesctl('get', 'replicasets', '-n', 'scale').stderr, /No resources found in scale namespace/, 'its ReplicaSet went with it');
});

test.serial('a rolling update never leaves fewer available pods than replicas less maxUnavailable', async (t) => {
  const strategy = 'strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}';
  ok('apply', '-f', manifest('roll-1', deployment('roll', 4, 'nginx:1.27', strategy)));
  await runningCount('roll', 4);
  const before = (await readEventLog(cluster.api!)).at(-1)!.position;
  ok('apply', '-f', manifest('roll-2', deployment('roll', 4, 'nginx:1.28', strategy)));
  t.regex(ok('rollout', 'status', 'deployment/web', '-n', 'roll', '--timeout', '60s'), /successfully rolled out/);
  const log = await readEventLog(cluster.api!);
  const { min, changes } = availabilityAfter(log, 'roll', before);
  t.true(changes > 8, `the rollout replaced pods one by one (${changes} availability changes)`);
  t.true(min >= 3, `at least 4 - maxUnavailable(1) pods stayed available throughout; the fewest seen was ${min}`);
  t.deepEqual(await imagesBecome('roll', ['nginx:1.28']), ['nginx:1.28']);

  t.is(ok('rollout', 'history', 'deployment/web', '-n', 'roll'), 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  t.is(ok('rollout', 'undo', 'deployment/web', '-n', 'roll'), 'deployment.apps/web rolled back\n');
  t.regex(ok('rollout', 'status', 'deployment/web', '-n', 'roll', '--timeout', '60s'), /successfully rolled out/);
  t.deepEqual(await imagesBecome('roll', ['nginx:1.27']), ['nginx:1.27'], 'rolled back to the first template');
  t.is(ok('rollout', 'history', 'deployment/web', '-n', 'roll'), 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n', "the first template's ReplicaSet is the newest revision now");
  t.regex(ok('rollout', 'history', 'deployment/web', '-n', 'roll', '--revision', '2'), /^deployment\.apps\/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=\w+\n  Containers:\n   web:\n    Image:\tnginx:1\.28\n/);
  t.is(ok('rollout', 'pause', 'deployment/web', '-n', 'roll'), 'deployment.apps/web paused\n');
  t.regex(kesctl('rollout', 'pause', 'deployment/web', '-n', 'roll').stderr, /deployments\.apps "web" is already paused/);
  ok('apply', '-f', manifest('roll-3', deployment('roll', 4, 'nginx:1.29', strategy)));
  ok('scale', 'deployment', 'web', '--replicas', '5', '-n', 'roll');
  await runningCount('roll', 5);
  t.deepEqual(podImages('roll'), ['nginx:1.27'], 'scaled, but the new template waits');
  t.is(ok('rollout', 'resume', 'deployment/web', '-n', 'roll'), 'deployment.apps/web resumed\n');
  t.regex(ok('rollout', 'status', 'deployment/web', '-n', 'roll', '--timeout', '60s'), /successfully rolled out/);
  t.deepEqual(await imagesBecome('roll', ['nginx:1.29']), ['nginx:1.29']);

  t.is(ok('annotate', 'deployment/web', '-n', 'roll', 'kubernetes.io/change-cause=kubectl set image web=nginx:1.29'), 'deployment.apps/web annotated\n');
  const revisions = await eventually(() => ok('rollout', 'history', 'deployment/web', '-n', 'roll'), (out) => out.includes('kubectl set image'), 20_000, 300);
  t.regex(revisions, /\n4\s+kubectl set image web=nginx:1\.29\n/, 'the change cause is copied to the newest ReplicaSet');
  t.is(ok('label', 'deployment', 'web', '-n', 'roll', 'tier=front'), 'deployment.apps/web labeled\n');
  t.regex(kesctl('label', 'deployment', 'web', '-n', 'roll', 'tier=back').stderr, /'tier' already has a value \(front\), and --overwrite is false/);
  t.regex(ok('get', 'deployments', '-n', 'roll', '-l', 'tier=front'), /^NAME.*\nweb\s/);
  const history = ok('history', 'deployment/web', '-n', 'roll');
  t.regex(history, /DeploymentPaused\s+kubernetes-admin\s+paused\n/);
  t.regex(history, /DeploymentTemplateChanged\s+kubernetes-admin\s+revision 4: nginx:1\.29\n/);
  t.regex(history, /LabelsChanged\s+kubernetes-admin\s+labels tier=front\n/);
  const podNames = JSON.parse(ok('get', 'pods', '-n', 'roll', '-l', 'app=web', '-o', 'json')).items.map((p: { metadata: { name: string } }) => p.metadata.name) as string[];
  t.is(ok('annotate', 'pods', '-n', 'roll', '-l', 'app=web', 'example.com/checked=yes'), podNames.map((name) => `pod/${name} annotated\n`).join(''));
  t.regex(kesctl('annotate', 'pods', podNames[0]!, '--all', '-n', 'roll', 'a=b').stderr, /give names, or --all, or --selector: not names with them/);

});

test.serial('deleting a namespace removes everything in it, and then the namespace', async (t) => {
  ok('apply', '-f', manifest('doomed', `${deployment('doomed', 3)}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: doomed}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: doomed}
data: {mode: fast}
`));
  ok('create', 'secret', 'generic', 'token', '--from-literal', 'value=s3cret', '-n', 'doomed');
  await runningCount('doomed', 3);
  const nodePort = Number(/80:(\d+)\/TCP/.exec(ok('get', 'service', 'web', '-n', 'doomed'))![1]);
  t.regex(await getShows(['replicasets', '-n', 'doomed'], /web-\w+\s+3\s+3\s+3/), /web-\w+\s+3\s+3\s+3/);
  ok('delete', 'namespace', 'doomed');
  await eventually(() => kesctl('get', 'namespace', 'doomed'), (r) => r.code !== 0 && /not found/.test(r.stderr), 40_000, 300);
  t.regex(kesctl('get', 'pods', '-n', 'doomed').stderr, /No resources found in doomed namespace/);
  t.regex(kesctl('get', 'deployments,replicasets', '-n', 'doomed').stderr, /No resources found in doomed namespace/);
  for (const kind of ['services', 'endpoints', 'configmaps', 'secrets'])
    t.regex(kesctl('get', kind, '-n', 'doomed').stderr, /No resources found in doomed namespace/, `${kind} went with the namespace`);
  // Released by its own reconciler once the Service is gone, which may be after the namespace is.
  const releasedPorts = async () => (await readEventLog(cluster.api!)).filter((e) => e.type === 'Released').map((e) => (e.data as { value?: unknown }).value);
  const released = await eventually(releasedPorts, (values) => values.includes(nodePort), 30_000, 300);
  t.true(released.includes(nodePort), `the node port ${nodePort} was given back`);
  const log = await readEventLog(cluster.api!);
  t.is(podsOf(log, 'doomed').length, 0, 'every pod of the namespace was deleted');
  t.true(log.some((e) => e.type === 'NamespaceDeleted' && e.data.name === 'doomed'));
  t.true(log.some((e) => e.type === 'DeploymentDeleted' && e.stream.includes('doomed')));
});

test.serial('kesctl events reads the log over HTTPS, and every event the cluster recorded validates against the schemas kesctl events schemas writes', async (t) => {
  const dir = join(cluster.dir!.path, 'event-schemas');
  t.regex(ok('events', 'schemas', '-o', dir), /^\d+ event schemas, KesEvent.json \(the envelope\) and index.json written to /);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const list = read('index.json') as EventSchemaList;
  const problems = eventProblems({ list, envelope: read('KesEvent.json'), byType: new Map(list.items.map((i) => [i.type, read(`${i.type}.json`)])) });
  const log = await readEventLog(cluster.api!);
  const failures = log.flatMap((e) => [problems.ofEnvelope(e), problems.ofData(e.type, e.data)].filter(Boolean).map((p) => `${e.position} ${e.type}: ${p}`));
  t.deepEqual(failures, []);
  t.true(log.length > 100, `the cluster recorded ${log.length} events`);
  const registered = ok('events', '--kind', 'nodes', '--type', 'NodeRegistered').trim().split('\n').slice(1);
  t.deepEqual(registered.map((line) => line.split(/\s{3,}/)[3]).sort(), ['node/master', 'node/sim-1', 'node/sim-2', 'node/sim-3']);
});
