import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { changesOf } from '../application/projections/read-models.js';
import { CLUSTER_IPS, NODE_PORTS } from '../domain/allocation/allocation.js';
import { namespacedKey } from '../domain/shared/object-meta.js';
import type { ControlPlane } from '../apps/control-plane/control-plane.js';
import { ApiClient } from '../infrastructure/http-client/api-client.js';
import { localNodeRegistration } from '../infrastructure/system/node-facts.js';
import { benchControlPlane } from './support/bench-control-plane.js';
import { atExit } from './support/cleanup.js';
import { runHttpLoad, type HttpLoadResult } from './support/http-load.js';
import { echoPod, ECHO_SERVICE, idleCommand, podCommand, untilTrue } from './support/node-pods.js';
import { epochMs } from './support/pod-client.js';
import { freeLoopbackPort } from '../infrastructure/system/free-port.js';
import { killAll, processesUnder } from './support/process-scan.js';
import { percentile, readable, round, UsageError, type BenchReport } from './support/report.js';
import { peakRssMb } from './support/rss.js';

const NODE_NAME = 'bench-node';
const progress = (message: string) => process.stderr.write(`[node] ${message}\n`);

function options(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      pods: { type: 'string', default: '100' }, rate: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' },
    },
  });
  const [pods, rate, seconds, connections] = [values.pods, values.rate, values.seconds, values.connections].map(Number);
  if (![pods, rate, seconds, connections].every((n) => Number.isInteger(n) && n >= 1)) throw new UsageError('node: --pods, --rate, --seconds and --connections take whole numbers ≥ 1');
  if (pods > 100) throw new UsageError('node: --pods is at most 100 (one node holds 110 pods)');
  return { pods, rate, seconds, connections };
}

/** A control plane whose own node runs process pods and serves node ports on 127.0.0.1, untainted. */
async function cluster(dir: string, port: number) {
  const { plane, admin, client } = await benchControlPlane(dir, port, progress, { node: { runtime: 'process', dataDir: join(dir, 'node'), nodePortAddress: '127.0.0.1' } });
  await admin('ConfigureRange', { name: CLUSTER_IPS, range: '10.96.0.0/12' });
  await admin('ConfigureRange', { name: NODE_PORTS, range: '30000-32767' });
  await plane.startLocalKubelet(localNodeRegistration(NODE_NAME, 'control-plane', { tainted: false, runtime: 'process://kes' })).registered;
  return { plane, api: new ApiClient(client.server, client.token, { ca: client.ca }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates `count` pods at `rate` per second through the command API; resolves with each create → Running latency. */
async function podStarts(plane: ControlPlane, api: ApiClient, count: number, rate: number, command: readonly string[]) {
  const running = new Map<string, number>();
  const watching = changesOf(plane.models, 'Pod').subscribe((c) => {
    if (c.view.phase === 'Running' && !running.has(c.key)) running.set(c.key, epochMs());
  });
  try {
    const sent: { name: string; sentAt: number }[] = [];
    const requests: Promise<unknown>[] = [];
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const name = `idle-${i}`;
      sent.push({ name, sentAt: epochMs() });
      requests.push(api.request('POST', '/kes/v1/commands', podCommand(name, command)));
    }
    await Promise.all(requests);
    const key = (name: string) => namespacedKey('default', name);
    await untilTrue(() => sent.every(({ name }) => running.has(key(name))), 60_000 + (count / rate) * 1000, `${count} pods Running`);
    const latencies = sent.map(({ name, sentAt }) => running.get(key(name))! - sentAt).sort((a, b) => a - b);
    const span = (Math.max(...running.values()) - sent[0].sentAt) / 1000;
    return { latencies, podsPerS: count / span };
  } finally {
    watching.unsubscribe();
  }
}

/** Deletes the pods and waits until they are gone from the read models. */
async function deletePods(plane: ControlPlane, api: ApiClient, names: readonly string[]) {
  await Promise.all(names.map((name) => api.request('POST', '/kes/v1/commands', { type: 'DeletePod', data: { namespace: 'default', name, gracePeriodSeconds: 2 } })));
  await untilTrue(() => names.every((name) => !plane.models.pods.has(namespacedKey('default', name))), 60_000, `${names.length} pods deleted`);
}

/** The echo pod behind a NodePort Service: its endpoint (pod IP and host port) and the node port. */
async function echoBehindNodePort(plane: ControlPlane, api: ApiClient) {
  await api.request('POST', '/kes/v1/commands', echoPod());
  const service = await api.request<{ spec: { ports: { nodePort: number }[] } }>('POST', '/api/v1/namespaces/default/services', ECHO_SERVICE);
  const nodePort = service.spec.ports[0].nodePort;
  const endpoint = () => {
    const subset = plane.models.endpoints.get(namespacedKey('default', 'echo'))?.subsets.find((s) => s.addresses.length > 0);
    return subset ? `${subset.addresses[0].ip}:${subset.ports[0].port}` : undefined;
  };
  await untilTrue(() => endpoint() !== undefined, 30_000, 'the echo pod as a ready endpoint');
  const direct = `http://${endpoint()}`;
  const proxied = `http://127.0.0.1:${nodePort}`;
  const answers = async (origin: string) => fetch(origin).then((r) => r.ok, () => false);
  for (const origin of [direct, proxied]) await untilTrue(answers.bind(undefined, origin), 30_000, `${origin} answering`);
  return { direct, proxied, nodePort };
}

/** Process pods on a real node: startup latency at a steady rate, then HTTP through kube-proxy's node port against straight to the pod. */
export async function nodeBench(args: readonly string[]): Promise<BenchReport> {
  const { pods, rate, seconds, connections } = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-node-'));
  const forget = atExit(() => {
    killAll(processesUnder(dir));
    rmSync(dir, { recursive: true, force: true });
  });
  const { plane, api } = await cluster(dir, await freeLoopbackPort());
  let stopped = false;
  try {
    const command = await idleCommand();
    progress(`starting ${pods} process pods (${command.join(' ')}) at ${rate} pods/s`);
    const starts = await podStarts(plane, api, pods, rate, command);
    progress('deleting them');
    await deletePods(plane, api, Array.from({ length: pods }, (_, i) => `idle-${i}`));
    await untilTrue(() => processesUnder(dir).length === 0, 30_000, 'no pod process left').catch(() => undefined);
    const leftAfterDelete = processesUnder(dir).length;

    progress('echo pod behind a NodePort Service');
    const echo = await echoBehindNodePort(plane, api);
    const load = (origin: string): Promise<HttpLoadResult> => runHttpLoad({ origin, path: '/', connections, seconds, warmupSeconds: 1 });
    // The pod's server is on both paths: warm it (and the proxy) first, so neither measurement pays for its JIT.
    await runHttpLoad({ origin: echo.proxied, path: '/', connections, seconds: 1, warmupSeconds: 2 });
    progress(`HTTP load straight to the pod at ${echo.direct}: ${connections} connections, ${seconds} s`);
    const direct = await load(echo.direct);
    progress(`HTTP load through node port ${echo.nodePort}: ${connections} connections, ${seconds} s`);
    const proxy = await load(echo.proxied);
    const rssMb = peakRssMb();

    await plane.stop();
    stopped = true;
    await untilTrue(() => processesUnder(dir).length === 0, 10_000, 'no process left').catch(() => undefined);
    const leftAtEnd = processesUnder(dir).length;

    const figures = {
      pods,
      pod_start_rate: rate,
      pods_per_s: round(starts.podsPerS, 1),
      pod_start_p50_ms: round(percentile(starts.latencies, 50), 1),
      pod_start_p99_ms: round(percentile(starts.latencies, 99), 1),
      processes_left_after_delete: leftAfterDelete,
      processes_left_at_end: leftAtEnd,
      connections,
      load_seconds: seconds,
      direct_rps: round(direct.rps),
      proxy_rps: round(proxy.rps),
      proxy_throughput_ratio: round(proxy.rps / direct.rps, 3),
      direct_p50_ms: round(direct.p50Ms, 2),
      direct_p99_ms: round(direct.p99Ms, 2),
      proxy_p50_ms: round(proxy.p50Ms, 2),
      proxy_p99_ms: round(proxy.p99Ms, 2),
      proxy_added_p99_ms: round(proxy.p99Ms - direct.p99Ms, 2),
      direct_errors: direct.errors,
      proxy_errors: proxy.errors,
      rss_mb: round(rssMb),
    };
    return {
      title: 'kes node benchmark: process pod startup, then HTTP through the node port against straight to the pod',
      rows: [
        { measure: `pod startup p50 at ${rate} pods/s`, value: readable(figures.pod_start_p50_ms, ' ms', 1), detail: 'create sent → Running seen' },
        { measure: `pod startup p99 at ${rate} pods/s`, value: readable(figures.pod_start_p99_ms, ' ms', 1), detail: `${pods} pods; ${readable(figures.pods_per_s, '', 1)} pods/s first create to last Running` },
        { measure: 'processes left', value: `${leftAfterDelete} / ${leftAtEnd}`, detail: 'after deleting the pods / after stopping the node' },
        { measure: 'direct requests/s', value: readable(figures.direct_rps), detail: `p50 ${readable(figures.direct_p50_ms, ' ms', 2)}, p99 ${readable(figures.direct_p99_ms, ' ms', 2)}` },
        { measure: 'node port requests/s', value: readable(figures.proxy_rps), detail: `p50 ${readable(figures.proxy_p50_ms, ' ms', 2)}, p99 ${readable(figures.proxy_p99_ms, ' ms', 2)}` },
        { measure: 'proxy / direct throughput', value: readable(figures.proxy_throughput_ratio, '', 3), detail: `added p99 ${readable(figures.proxy_added_p99_ms, ' ms', 2)}` },
        { measure: 'peak RSS', value: readable(figures.rss_mb, ' MB'), detail: 'this process: API server, controllers, kubelet, kube-proxy (not the pods)' },
      ],
      figures,
      notes: [
        'one process: the API server (SQLite store), controllers, and the node\'s kubelet on the process runtime with kube-proxy\'s TCP node-port proxy on 127.0.0.1',
        `pods are created over HTTPS through the command API (POST /kes/v1/commands) at ${rate}/s; each runs ${command.join(' ')}`,
        `HTTP/1.1 keep-alive load from a worker thread (undici Pool, ${connections} connections, pipelining 1), a 3 s warm-up through the node port, then for each path 1 s warm-up and ${seconds} s measured, first straight to the pod's host port, then through the node port`,
        `errors: ${direct.errors} direct, ${proxy.errors} through the node port`,
      ],
    };
  } finally {
    if (!stopped) await plane.stop();
    await api.close();
    killAll(processesUnder(dir));
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
}
