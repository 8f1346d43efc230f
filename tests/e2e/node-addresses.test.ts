import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { e2eCluster } from '../support/e2e-cluster.js';
import { eventually, runCli } from '../support/processes.js';

/** Answers its pod name on $PORT, and says so on stdout. */
const SERVER = "require('http').createServer((q, s) => s.end('hello from ' + process.env.POD_NAME)).listen(process.env.PORT, () => console.log('serving on ' + process.env.PORT))";

const manifests = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeSelector: {kubernetes.io/hostname: w1}
  terminationGracePeriodSeconds: 1
  containers:
  - name: server
    image: node
    command: [node, -e, ${JSON.stringify(SERVER)}]
    ports: [{name: http, containerPort: 8080}]
    env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;

/** What a TCP connection to host:port comes to: 'connected' or the error's code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function httpText(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    httpGet({ host, port, path: '/' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    }).on('error', (error) => resolve(`error: ${error.message}`));
  });
}

/** The IP addresses the certificate a TLS server shows names (subjectAltName). */
function servingIps(host: string, port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false }, () => {
      const cert = new X509Certificate(socket.getPeerX509Certificate()!.raw);
      socket.destroy();
      resolve([...(cert.subjectAltName ?? '').matchAll(/IP Address:([^,\s]+)/g)].map((m) => m[1]));
    });
    socket.once('error', reject);
  });
}

test.serial('--node-ip: nodes advertise the address given, their kubelet API and node ports listen there only, and logs, exec and node ports reach a worker through it', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const master = start('kesadm', ['init', '--single-node', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master', '--kubelet-port', '0',
    '--node-ip', '127.0.0.2', '--bind-address', '127.0.0.1', '--apiserver-advertise-address', '127.0.0.1']);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on/, 60_000);
  t.regex(joinLine, new RegExp(`kesadm join 127\\.0\\.0\\.1:${port} `), 'the join command names the advertised address');
  t.is(await tryConnect('127.0.0.2', port), 'ECONNREFUSED', 'the API server listens on its bind address only');
  const joinArgs = joinLine.trim().split(/\s+/).slice(2);
  const worker = start('kesadm', ['join', ...joinArgs, '--node-name', 'w1', '--data-dir', join(dir, 'w1'), '--kubelet-port', '0', '--node-ip', '127.0.0.3']);
  await worker.waitFor(/has joined/, 60_000);

  const kubeconfig = join(masterDir, 'admin.kubeconfig');
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
  const kubectl = (...args: string[]) => spawnSync('kubectl', ['--cache-dir', join(dir, 'kcache'), ...args], { env, encoding: 'utf8', timeout: 90_000 });
  const wide = await eventually(() => kubectl('get', 'nodes', '-o', 'wide').stdout, (out) => /w1\s+Ready/.test(out), 30_000);
  t.regex(wide, /^master\s+Ready\s+.*\s127\.0\.0\.2\s/m, 'INTERNAL-IP of the master is its --node-ip');
  t.regex(wide, /^w1\s+Ready\s+.*\s127\.0\.0\.3\s/m, 'INTERNAL-IP of the worker is its --node-ip');

  const apiEndpoints = await eventually(() => kubectl('get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}').stdout,
    (out) => out !== '' && out !== ':', 20_000, 300);
  t.is(apiEndpoints, `127.0.0.1:${port}`, 'the kubernetes Service points at the advertised address');

  type Node = { status: { daemonEndpoints: { kubeletEndpoint: { Port: number } } } };
  const kubeletPort = (name: string) => (JSON.parse(kubectl('get', 'node', name, '-o', 'json').stdout) as Node).status.daemonEndpoints.kubeletEndpoint.Port;
  const workerKubelet = kubeletPort('w1');
  t.is(await tryConnect('127.0.0.3', workerKubelet), 'connected', 'the worker kubelet listens on its node IP');
  t.is(await tryConnect('127.0.0.1', workerKubelet), 'ECONNREFUSED', 'and nowhere else');
  t.is(await tryConnect('127.0.0.1', kubeletPort('master')), 'ECONNREFUSED', 'the master kubelet does not listen on 127.0.0.1 either');
  t.true((await servingIps('127.0.0.3', workerKubelet)).includes('127.0.0.3'), "the kubelet's serving certificate names its node IP");

  const file = join(dir, 'web.yaml');
  writeFileSync(file, manifests);
  const applied = kubectl('apply', '-f', file);
  t.is(applied.status, 0, applied.stderr);
  const running = await eventually(() => kubectl('get', 'pod', 'web', '-o', 'wide').stdout, (out) => /web\s+1\/1\s+Running/.test(out), 60_000, 300);
  t.regex(running, /\sw1\s/, 'the pod runs on the worker');
  const logs = await eventually(() => kubectl('logs', 'web'), (r) => r.status === 0 && /serving on \d+/.test(r.stdout), 20_000, 300);
  t.regex(logs.stdout, /serving on \d+/, 'kubectl logs reaches the worker kubelet at 127.0.0.3');
  const exec = kubectl('exec', 'web', '--', 'sh', '-c', 'echo exec on $POD_NAME');
  t.is(exec.status, 0, exec.stderr);
  t.is(exec.stdout, 'exec on web\n', 'kubectl exec reaches it too');
  const top = await eventually(() => kubectl('top', 'node', 'w1'), (r) => r.status === 0, 30_000, 500);
  t.regex(top.stdout, /^w1\s+\d+m\s/m, 'and metrics come from it');

  const nodePort = Number(/80:(\d+)\/TCP/.exec(kubectl('get', 'service', 'web').stdout)![1]);
  const answer = await eventually(() => httpText('127.0.0.3', nodePort), (text) => text === 'hello from web', 20_000, 300);
  t.is(answer, 'hello from web', "the NodePort answers on the worker's node IP");
  t.is(await tryConnect('127.0.0.1', nodePort), 'ECONNREFUSED', 'node ports listen on the node IPs only');
  t.is(await httpText('127.0.0.2', nodePort), 'hello from web', "and on the master's");
});

test.serial('--node-ip that is not an address of this machine, or not an address at all, is refused naming the flag', async (t) => {
  const { dir } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const foreign = runCli('kesadm', ['init', '--single-node', '--data-dir', join(dir, 'm'), '--api-port', String(port), '--node-ip', '10.255.255.1']);
  t.is(foreign.code, 1);
  t.regex(foreign.stderr, /--node-ip 10\.255\.255\.1 is not an address of this machine \(its addresses: [^)]*127\.0\.0\.1[^)]*\): give one of them, or leave --node-ip out/);
  t.is(await tryConnect('127.0.0.1', port), 'ECONNREFUSED', 'nothing was started');
  const joining = runCli('kesadm', ['join', `127.0.0.1:${port}`, '--token', 'abcdef.0123456789abcdef', '--discovery-token-unsafe-skip-ca-verification',
    '--data-dir', join(dir, 'w'), '--node-ip', '10.255.255.1']);
  t.is(joining.code, 1);
  t.regex(joining.stderr, /--node-ip 10\.255\.255\.1 is not an address of this machine/);
  const notIp = runCli('kesadm', ['init', '--data-dir', join(dir, 'm'), '--node-ip', 'node-one']);
  t.not(notIp.code, 0);
  t.regex(notIp.stderr, /"node-one" is not an IP address: --node-ip takes an IPv4 or IPv6 address/);
  const bind = runCli('kesadm', ['init', '--data-dir', join(dir, 'm'), '--api-port', String(port), '--bind-address', '10.255.255.1']);
  t.regex(bind.stderr, /--bind-address 10\.255\.255\.1 is not an address of this machine/);
  t.false(existsSync(join(dir, 'm')), 'a refused init leaves no data directory');
});

test.serial('kes simulate --node-ip: the first node has the address given, each next node the next one; past 255.255.255.255 is refused', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const master = start('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master', '--kubelet-port', '0']);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on/, 60_000);
  const args = joinLine.trim().split(/\s+/).slice(2);
  const simulate = (...more: string[]) => start('kes', ['simulate', '--server', args[0], ...args.slice(1), ...more]);
  const tooHigh = simulate('--nodes', '3', '--name-prefix', 'high-', '--node-ip', '255.255.255.254');
  t.is(await tooHigh.exited, 1);
  t.regex(tooHigh.output(), /--node-ip 255\.255\.255\.254 leaves no room for 3 nodes/);
  const notIp = simulate('--nodes', '1', '--node-ip', '10.0.0');
  t.not(await notIp.exited, 0);
  t.regex(notIp.output(), /"10\.0\.0" is not an IPv4 address: --node-ip takes the first node's address/);
  const simulator = simulate('--nodes', '3', '--name-prefix', 'sim-', '--node-ip', '10.20.0.254');
  await simulator.waitFor(/3 simulated nodes joined/, 60_000);
  const env = { ...process.env, KUBECONFIG: join(masterDir, 'admin.kubeconfig'), HOME: dir };
  const wide = spawnSync('kubectl', ['--cache-dir', join(dir, 'kcache'), 'get', 'nodes', '-o', 'wide'], { env, encoding: 'utf8', timeout: 90_000 }).stdout;
  const internalIps = Object.fromEntries([...wide.matchAll(/^(sim-\d)\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)/gm)].map((m) => [m[1], m[2]]));
  t.deepEqual(internalIps, { 'sim-1': '10.20.0.254', 'sim-2': '10.20.0.255', 'sim-3': '10.20.1.0' });
});
