import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { spawnGuarded } from '../support/process-guard.js';
import { eventually } from '../support/processes.js';

/*
 * exec, cp, attach, port-forward, run -it and debug with a stock kubectl 1.32 (WebSocket v5.channel.k8s.io and
 * SPDY-over-WebSocket port-forward), against a cluster whose node "solo" runs pods as processes, and a simulated node.
 */

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: solo
  containers:
  - name: app
    image: node:20
    command: ["node", "-e", "require('http').createServer((q, s) => s.end('hello from ' + process.env.HOSTNAME + ' at ' + q.url)).listen(process.env.PORT)"]
    env:
    - name: GREETING
      value: bonjour
    ports:
    - containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: ticker
spec:
  nodeName: solo
  containers:
  - name: app
    image: node:20
    command: ["node", "-e", "let i = 0; setInterval(() => console.log('tick ' + ++i), 200)"]
---
apiVersion: v1
kind: Pod
metadata:
  name: elsewhere
spec:
  nodeName: sim-1
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
`;

type Cluster = Awaited<ReturnType<typeof kubectlCluster>>;

/** kubectl with what it reads on stdin, or in the background (stopped by pid at teardown). */
function kubectlTools(t: ExecutionContext, cluster: Cluster) {
  const env = { ...process.env, KUBECONFIG: join(cluster.dataDir, 'admin.kubeconfig'), HOME: cluster.dir.path };
  const cache = ['--cache-dir', join(cluster.dir.path, 'kcache')];
  const withInput = (input: string, ...args: string[]) => {
    const r = spawnSync('kubectl', [...cache, ...args], { env, input, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const background = (...args: string[]) => {
    const child = spawnGuarded('kubectl', [...cache, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      return exited;
    };
    t.teardown(stop);
    return { output: () => output, stop };
  };
  return { withInput, background };
}

async function runningPods(cluster: Cluster): Promise<void> {
  cluster.ok(cluster.kubectl('apply', '-f', cluster.file('pods.yaml', PODS)));
  await eventually(() => cluster.kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}'), (r) => r.out === 'Running Running Running', 60_000);
}

test.serial('kubectl exec runs in the container\'s directory and environment, passes stdin, and exits with the command\'s code; cp copies both ways', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  const { kubectl, ok } = cluster;
  const { withInput } = kubectlTools(t, cluster);
  await runningPods(cluster);

  const [hostname, uid, cwd, greeting] = ok(kubectl('exec', 'web', '--', 'sh', '-c', 'echo $HOSTNAME; id -u; pwd; echo $GREETING')).trim().split('\n');
  t.is(hostname, 'web');
  t.is(uid, String(process.getuid!()));
  t.regex(cwd, /default\.web\/app$/, 'the command runs in the container\'s working directory');
  t.is(greeting, 'bonjour', 'with the container\'s environment');

  const failed = kubectl('exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3');
  t.is(failed.code, 3, 'kubectl exits with the command\'s exit code');
  t.is(failed.out, 'out\n');
  t.regex(failed.err, /^err\n/m);

  const echoed = withInput('line one\nline two\n', 'exec', '-i', 'web', '--', 'cat');
  t.is(echoed.code, 0, echoed.err);
  t.is(echoed.out, 'line one\nline two\n', 'stdin reaches the command, and its end ends cat');

  const local = cluster.file('local.txt', 'copied from the client\n');
  ok(kubectl('cp', local, 'web:into-pod.txt'));
  t.is(ok(kubectl('exec', 'web', '--', 'cat', 'into-pod.txt')), 'copied from the client\n');
  ok(kubectl('exec', 'web', '--', 'sh', '-c', 'echo made in the pod > made.txt'));
  const back = join(cluster.dir.path, 'back.txt');
  ok(kubectl('cp', 'web:made.txt', back));
  t.is(readFileSync(back, 'utf8'), 'made in the pod\n');
});

test.serial('kubectl exec and attach refusals: a missing container, a missing command, a simulated node, an identity without pods/exec, kubectl debug', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  const { kubectl } = cluster;
  await runningPods(cluster);

  const missing = kubectl('exec', 'web', '-c', 'db', '--', 'true');
  t.is(missing.code, 1);
  t.is(missing.err, 'Error from server (BadRequest): container db is not valid for pod web\n');
  const before = JSON.parse(kubectl('get', 'pod', 'web', '-o', 'json').out) as { metadata: { resourceVersion: string } };
  const noCommand = kubectl('exec', 'web', '--', 'no-such-command');
  t.is(noCommand.code, 1);
  t.regex(noCommand.err, /exec: "no-such-command": executable file not found in \$PATH/);

  const simulated = kubectl('exec', 'elsewhere', '--', 'true');
  t.is(simulated.code, 1);
  t.is(simulated.err, 'Error from server (BadRequest): pod elsewhere runs on simulated node sim-1, which runs no processes: there is nothing to run a command in it\n');

  const scheduler = join(cluster.dataDir, 'scheduler.kubeconfig');
  const forbidden = kubectl('--kubeconfig', scheduler, 'exec', 'web', '--', 'true');
  t.is(forbidden.code, 1);
  t.regex(forbidden.err, /pods "web" is forbidden: User "[^"]+" cannot create resource "pods\/exec" in API group "" in the namespace "default"/);
  const wrongToken = kubectl('--token', 'not-a-token', 'exec', 'web', '--', 'true');
  t.is(wrongToken.code, 1);
  t.regex(wrongToken.err, /Unauthorized|must be logged in/);

  const debug = kubectl('debug', 'web', '--image=busybox', '--profile=general');
  t.is(debug.code, 1);
  t.regex(debug.err, /ephemeral containers are disabled for this cluster \(error from server: "the server could not find the requested resource: kes runs no ephemeral containers/);
  t.notRegex(debug.err, /panic/);

  const after = JSON.parse(kubectl('get', 'pod', 'web', '-o', 'json').out) as { metadata: { resourceVersion: string } };
  t.is(after.metadata.resourceVersion, before.metadata.resourceVersion, 'no refusal changed the pod');
});

test.serial('kubectl port-forward carries HTTP requests to a pod\'s declared port, and kubectl attach follows a container\'s output', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  const { background } = kubectlTools(t, cluster);
  await runningPods(cluster);

  const local = await freeLoopbackPort();
  const forward = background('port-forward', 'pod/web', `${local}:8080`);
  await eventually(() => forward.output(), (output) => output.includes(`Forwarding from 127.0.0.1:${local} -> 8080`), 30_000);
  for (const path of ['/first', '/second']) {
    const response = await fetch(`http://127.0.0.1:${local}${path}`);
    t.is(response.status, 200);
    t.is(await response.text(), `hello from web at ${path}`);
  }
  await forward.stop();

  const attached = background('attach', 'ticker');
  const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));
  const seen = await eventually(() => ticks(attached.output()), (numbers) => numbers.length >= 3, 30_000);
  t.true(seen.every((n, i) => i === 0 || n === seen[i - 1] + 1), 'attach passes the output on as it is written');
  await attached.stop();
});

test.serial('kubectl run -it --rm --restart=Never prints the command\'s output and deletes the pod; run -i passes stdin through attach', async (t) => {
  const cluster = await kubectlCluster(t, 1);
  const { kubectl, ok } = cluster;
  const { withInput } = kubectlTools(t, cluster);
  const run = withInput('', 'run', '-it', '--rm', '--restart=Never', '--image=x', '--overrides={"spec":{"nodeName":"solo"}}', 'hi', '--command', '--', 'sh', '-c', 'echo hi');
  t.is(run.code, 0, run.err);
  t.regex(run.out, /^hi\r?$/m);
  t.regex(run.out, /pod "hi" deleted/);
  t.is(ok(kubectl('get', 'pods', '-o', 'name')), '');

  const piped = withInput('through attach\n', 'run', '-i', '--rm', '--restart=Never', '--image=x', '--overrides={"spec":{"nodeName":"solo"}}', 'reader', '--command', '--', 'cat');
  t.is(piped.code, 0, piped.err);
  t.regex(piped.out, /^through attach$/m, 'cat read what kubectl attach sent to its stdin');
  const failing = withInput('', 'run', '-i', '--rm', '--restart=Never', '--image=x', '--overrides={"spec":{"nodeName":"solo"}}', 'failing', '--command', '--', 'sh', '-c', 'read line; exit 4');
  t.is(failing.code, 4, 'kubectl run exits with the container\'s exit code');
  t.is(ok(kubectl('get', 'pods', '-o', 'name')), '');
});
