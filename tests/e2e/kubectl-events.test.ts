import test from 'ava';
import { join } from 'node:path';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { spawnGuarded } from '../support/process-guard.js';

const huge = `apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: "1000"}}}
`;

const small = `apiVersion: v1
kind: Pod
metadata: {name: small}
spec:
  nodeName: sim-1
  containers:
  - {name: app, image: nginx}
`;

/** Events and node leases as a stock kubectl reads them. */
test.serial('kubectl selects Warning events, reads events.k8s.io/v1, node leases with MicroTime renewTime, and pods carry startTime', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  ok(kubectl('apply', '-f', file('huge.yaml', huge)));
  ok(kubectl('apply', '-f', file('small.yaml', small)));
  await eventually(() => kubectl('get', 'events').out, (out) => /FailedScheduling/.test(out) && /PodCreated/.test(out), 60_000);

  const warnings = ok(kubectl('get', 'events', '--field-selector', 'type=Warning'));
  t.regex(warnings, /Warning\s+FailedScheduling\s+pod\/huge/);
  t.notRegex(warnings, /Normal/);
  const normal = ok(kubectl('get', 'events', '--field-selector', 'type=Normal,involvedObject.name=small'));
  t.regex(normal, /pod\/small/);
  t.notRegex(normal, /huge|Warning/);
  const bad = kubectl('get', 'events', '--field-selector', 'colour=red');
  t.not(bad.code, 0);
  t.regex(bad.err, /field label not supported: colour/);

  const v1 = JSON.parse(ok(kubectl('get', 'events.v1.events.k8s.io', '--field-selector', 'type=Warning', '-o', 'json')));
  t.is(v1.apiVersion, 'v1');
  t.like(v1.items[0], { apiVersion: 'events.k8s.io/v1', kind: 'Event', type: 'Warning', reason: 'FailedScheduling', regarding: { kind: 'Pod', name: 'huge' } });
  t.regex(v1.items[0].note, /0\/2 nodes are available/);
  t.regex(ok(kubectl('describe', 'pod', 'huge')), /Warning\s+FailedScheduling/);

  t.regex(ok(kubectl('get', 'leases', '-n', 'kube-node-lease')), /^NAME\s+HOLDER\s+AGE\nsim-1\s+sim-1\s+\S+\nsolo\s+solo\s/);
  const renewTime = ok(kubectl('get', 'lease', 'solo', '-n', 'kube-node-lease', '-o', 'jsonpath={.spec.renewTime}'));
  t.regex(renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  t.regex(ok(kubectl('describe', 'node', 'solo')), /RenewTime:\s+\w{3}, \d\d \w{3} \d{4}/);

  await eventually(() => kubectl('get', 'pod', 'small', '-o', 'jsonpath={.status.startTime}').out, (out) => /^\d{4}-\d\d-\d\dT/.test(out), 60_000);
});

test.serial('kubectl get events -w shows a new Warning as it happens', async (t) => {
  const { kubectl, file, ok, dir, dataDir } = await kubectlCluster(t, 1);
  ok(kubectl('get', 'events'));
  const env = { ...process.env, KUBECONFIG: join(dataDir, 'admin.kubeconfig'), HOME: dir.path };
  const watch = (...args: string[]) => {
    const child = spawnGuarded('kubectl', ['--cache-dir', join(dir.path, 'kcache'), 'get', 'events', '-w', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    t.teardown(() => (child.exitCode === null && child.signalCode === null ? child.kill('SIGKILL') : undefined, exited));
    return { output: () => output, running: () => child.exitCode === null };
  };
  const all = watch();
  const warnings = watch('--field-selector', 'type=Warning');
  await eventually(() => all.output(), (out) => /RegisterNode|NodeRegistered|LAST SEEN/.test(out), 60_000);
  ok(kubectl('apply', '-f', file('huge.yaml', huge)));
  const seen = await eventually(() => all.output(), (out) => /Warning\s+FailedScheduling\s+pod\/huge\s+0\/2 nodes are available/.test(out), 60_000);
  t.regex(seen, /Normal\s+PodCreated\s+pod\/huge/);
  const warned = await eventually(() => warnings.output(), (out) => /FailedScheduling\s+pod\/huge/.test(out), 60_000);
  t.notRegex(warned, /Normal/);
  t.true(all.running() && warnings.running(), 'the watches keep running');
});

test.serial('kubectl describe node lists each of the node\'s events once', async (t) => {
  const { kubectl, ok } = await kubectlCluster(t, 1);
  ok(kubectl('cordon', 'sim-1'));
  ok(kubectl('uncordon', 'sim-1'));
  const described = await eventually(() => ok(kubectl('describe', 'node', 'sim-1')), (out) => /NodeUncordoned/.test(out), 60_000);
  const events = described.slice(described.indexOf('\nEvents:')).split('\n').filter((line) => /^\s+(Normal|Warning)\s/.test(line));
  t.true(events.some((line) => /NodeRegistered/.test(line)), described);
  t.is(events.filter((line) => /NodeCordoned/.test(line)).length, 1, described);
  t.is(events.filter((line) => /NodeRegistered/.test(line)).length, 1, described);
  t.is(new Set(events).size, events.length, described);
});
