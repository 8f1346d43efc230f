import test from 'ava';
import { writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { eventually, runCli, startProcess, stopCluster, type Running } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/**
 * A tiny HTTP server: answers its pod name, its pid on /pid, its config on /config; /healthz fails once /sick
 * was asked. It listens on $PORT, as the process runtime hands it out.
 */
const SERVER = [
  "const http = require('http'); const fs = require('fs'); let sick = false;",
  'http.createServer((q, s) => {',
  "  if (q.url === '/pid') return s.end(String(process.pid));",
  "  if (q.url === '/sick') { sick = true; return s.end('ok'); }",
  "  if (q.url === '/healthz') { s.statusCode = sick ? 503 : 200; return s.end(); }",
  "  if (q.url === '/config') return s.end([process.env.GREETING, process.env.PASSWORD, fs.readFileSync('secrets/password', 'utf8')].join(':'));",
  '  s.end(process.env.POD_NAME);',
  "}).listen(process.env.PORT, () => console.log('serving ' + process.env.POD_NAME + ' on ' + process.env.PORT));",
].join('\n');

const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {greeting: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      terminationGracePeriodSeconds: 2
      volumes: [{name: secrets, secret: {secretName: db}}]
      containers:
      - name: server
        image: node
        command: [node, -e, ${JSON.stringify(SERVER)}]
        ports: [{name: http, containerPort: 8080}]
        env:
        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
        volumeMounts: [{name: secrets, mountPath: /secrets}]
        readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 1, failureThreshold: 1}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  type: NodePort
  selector: {app: echo}
  ports: [{port: 80, targetPort: http}]
`;

/** One GET on a new connection (no keep-alive: a spliced connection stays with its backend, as with kube-proxy's conntrack). */
const get = (port: number, path = '/') =>
  new Promise<string>((resolve) => {
    const request = httpGet({ host: '127.0.0.1', port, path, agent: false, timeout: 3000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve(`error: ${error.message}`));
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Real processes on `kesadm init --single-node`: the master's node runs pods with the process runtime. */
test.serial('a Deployment of real processes behind a NodePort Service: traffic, restarts, readiness, config, clean deletion', async (t) => {
  const dir = tempDir();
  const started: Running[] = [];
  const pids = new Set<number>();
  t.teardown(async () => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await stopCluster(started, dir);
  });
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo']);
  started.push(master);
  await master.waitFor(/listening on https:/);
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const config = readKubeconfig(kubeconfig);
  const api = new ApiClient(config.server, config.token!, { ca: config.caData });
  t.teardown(() => api.close());
  const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', kubeconfig, ...args]);
  const file = join(dir.path, 'echo.yaml');
  writeFileSync(file, manifests);

  t.is(kesctl('create', 'secret', 'generic', 'db', '--from-literal', 'password=s3cret').code, 0);
  t.is(kesctl('apply', '-f', file).code, 0);
  const nodePort = Number(/80:(\d+)\/TCP/.exec(kesctl('get', 'service', 'echo').stdout)![1]);
  type Endpoints = { subsets?: { addresses?: { targetRef: { name: string } }[]; ports: { port: number }[] }[] };
  const endpoints = () => api.request<Endpoints>('GET', '/api/v1/namespaces/default/endpoints/echo');
  const ready = (e: Endpoints) => (e.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => ({ pod: a.targetRef.name, port: s.ports[0].port })));
  const both = await eventually(async () => ready(await endpoints()), (r) => r.length === 2, 40_000, 300);
  for (const { port: hostPort } of both) pids.add(Number(await get(hostPort, '/pid')));

  // kube-proxy follows the endpoints on its own: its rules may lag behind what the API shows.
  const podsReached = async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 8; i++) answers.add(await get(nodePort));
    return [...answers].sort();
  };
  const bothPods = both.map((b) => b.pod).sort();
  const sameAs = (expected: string[]) => (answers: string[]) => JSON.stringify(answers) === JSON.stringify(expected);
  t.deepEqual(await eventually(podsReached, sameAs(bothPods), 10_000, 100), bothPods, 'the node port reaches both pods');
  t.is(await get(both[0].port, '/config'), 'hello:s3cret:s3cret', 'ConfigMap and Secret env, and the secret file');

  const [victim] = both;
  const victimPid = Number(await get(victim.port, '/pid'));
  process.kill(victimPid, 'SIGKILL');
  const restarted = await eventually(() => kesctl('get', 'pod', victim.pod).stdout, (out) => new RegExp(`${victim.pod}\\s+1/1\\s+Running\\s+1\\b`).test(out), 40_000, 300);
  t.regex(restarted, /Running\s+1\b/, 'restarted once, and ready again');
  t.regex(kesctl('describe', 'pod', victim.pod).stdout, /Last State:\s+Terminated[\s\S]*Exit Code:\s+137[\s\S]*Restart Count:\s+1/, 'describe shows how the killed run ended');
  t.regex(kesctl('logs', victim.pod).stdout, new RegExp(`serving ${victim.pod} on \\d+`), 'kesctl logs shows what the process printed');
  t.regex(kesctl('logs', victim.pod, '--previous').stdout, new RegExp(`serving ${victim.pod} on \\d+`), 'and what the killed run printed');
  const afterRestart = await eventually(async () => ready(await endpoints()), (r) => r.length === 2, 20_000, 300);
  for (const { port: hostPort } of afterRestart) pids.add(Number(await get(hostPort, '/pid')));
  t.deepEqual(await eventually(podsReached, sameAs(bothPods), 10_000, 100), bothPods, 'traffic reaches both pods after the restart');

  const sick = afterRestart.find((b) => b.pod !== victim.pod)!;
  await get(sick.port, '/sick');
  const left = await eventually(async () => ready(await endpoints()), (r) => r.length === 1, 20_000, 300);
  t.deepEqual(left.map((r) => r.pod), [victim.pod], 'a pod whose readiness probe fails leaves the endpoints');
  const fourAnswers = async () => [await get(nodePort), await get(nodePort), await get(nodePort), await get(nodePort)];
  const afterSick = await eventually(fourAnswers, (answers) => answers.every((a) => a === victim.pod), 10_000, 100);
  t.deepEqual(afterSick, [victim.pod, victim.pod, victim.pod, victim.pod], 'kube-proxy follows: the node port sends only to the ready pod');

  t.is(kesctl('delete', 'deployment', 'echo').code, 0);
  await eventually(() => [...pids].filter(alive), (living) => living.length === 0, 30_000, 300);
  t.deepEqual([...pids].filter(alive), [], `no process is left of ${pids.size}`);
  t.true(pids.size >= 3, 'the two first processes and the restarted one were seen');
});
