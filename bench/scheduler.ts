import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Clock } from '../application/ports/clock.js';
import type { IdGenerator } from '../application/ports/ids.js';
import { kubeletPods } from '../application/reconcilers/kubelet-pods.js';
import { ReconcilerRunner } from '../application/reconcilers/runner.js';
import { changesOf } from '../application/projections/read-models.js';
import { caughtUp } from '../application/projections/wait-for.js';
import type { ControlPlane } from '../apps/control-plane/control-plane.js';
import { simulatedRegistration } from '../apps/simulate/registration.js';
import { SimulatedRuntime } from '../infrastructure/runtime/simulated/simulated-runtime.js';
import { benchControlPlane } from './support/bench-control-plane.js';
import { epochMs, runPodClient, type PodLoad } from './support/pod-client.js';
import { freeLoopbackPort } from '../infrastructure/system/free-port.js';
import { percentile, readable, round, UsageError, type BenchReport } from './support/report.js';
import { peakRssMb } from './support/rss.js';

const IN_FLIGHT = 64;
const STEADY_RATE = 100;
const STEADY_SECONDS = 30;

const progress = (message: string) => process.stderr.write(`[scheduler] ${message}\n`);

function options(args: readonly string[]) {
  const { values } = parseArgs({ args: [...args], options: { nodes: { type: 'string', default: '5000' }, pods: { type: 'string', default: '10000' } } });
  const nodes = Number(values.nodes);
  const pods = Number(values.pods);
  if (!Number.isInteger(nodes) || nodes < 1 || !Number.isInteger(pods) || pods < 1) throw new UsageError('scheduler: --nodes and --pods take whole numbers ≥ 1');
  return { nodes, pods };
}

async function registerNodes(plane: ControlPlane, count: number, clock: Clock, ids: IdGenerator): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `sim-${i + 1}`);
  const shape = { cpuMillis: 8000, memoryBytes: 32 * 2 ** 30, pods: 110, labels: {} };
  for (let i = 0; i < names.length; i += 256)
    await Promise.all(names.slice(i, i + 256).map((name, j) =>
      plane.handle({ type: 'RegisterNode', data: simulatedRegistration(name, i + j + 1, shape), metadata: { commandId: ids.newId(), actor: `system:node:${name}`, at: clock.now() } })));
  return names;
}


/** kube-scheduler's scheduler_perf "SchedulingBasic" shape on simulated nodes, then pod startup at a steady rate. */
export async function schedulerBench(args: readonly string[]): Promise<BenchReport> {
  const { nodes, pods } = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-scheduler-'));
  const { plane, client, clock, ids } = await benchControlPlane(dir, await freeLoopbackPort(), progress);
  try {
    progress(`registering ${nodes} simulated nodes`);
    const names = new Set(await registerNodes(plane, nodes, clock, ids));
    const runtime = new SimulatedRuntime(clock, { startLatencyMs: 0, failureRate: 0 });
    const kubelets = () => new ReconcilerRunner(kubeletPods(plane.models, runtime, (n) => names.has(n)), { sender: { send: plane.handleInProcess }, clock, ids, log: progress }, { concurrency: IN_FLIGHT, caughtUp: (p) => caughtUp(plane.models, p) });
    const bound = new Map<string, number>();
    const running = new Map<string, number>();
    const watching = changesOf(plane.models, 'Pod').subscribe((c) => {
      if (c.view.nodeName && !bound.has(c.key)) bound.set(c.key, epochMs());
      if (c.view.phase === 'Running' && !running.has(c.key)) running.set(c.key, epochMs());
    });
    const podClient = (load: PodLoad) => runPodClient(client.server, client.token, client.ca, load);
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    /** `pods` pods through the API as fast as it takes them: pods bound per second, first create to last binding. */
    const burst = async (prefix: string) => {
      const sent = await podClient({ mode: 'burst', prefix, count: pods, inFlight: IN_FLIGHT });
      const created = epochMs();
      const keys = sent.map(({ name }) => `default.${name}`);
      await until(() => keys.every((key) => bound.has(key)));
      const start = Math.min(...sent.map((p) => p.sentAt));
      const seconds = (at: number) => (at - start) / 1000;
      return { keys, boundPerS: pods / seconds(Math.max(...keys.map((key) => bound.get(key)!))), createdPerS: pods / seconds(created) };
    };

    progress(`SchedulingBasic: ${pods} pods through the API, ${IN_FLIGHT} in flight, no kubelets (as scheduler_perf)`);
    const basic = await burst('basic');
    const kubelet = kubelets().start();
    const catchUpStart = epochMs();
    await until(() => basic.keys.every((key) => running.has(key)));
    const catchUpS = (epochMs() - catchUpStart) / 1000;
    progress(`the same again with every simulated kubelet reporting its pods Running on the same thread`);
    const busy = await burst('busy');

    progress(`steady: ${STEADY_RATE} pods/s for ${STEADY_SECONDS} s`);
    const steady = await podClient({ mode: 'steady', prefix: 'steady', rate: STEADY_RATE, seconds: STEADY_SECONDS });
    await until(() => steady.every(({ name }) => running.has(`default.${name}`)));
    const latencies = steady.map(({ name, sentAt }) => running.get(`default.${name}`)! - sentAt).sort((a, b) => a - b);
    watching.unsubscribe();
    kubelet.stop();
    runtime.close();

    const figures = {
      nodes, pods,
      pods_per_s: round(basic.boundPerS),
      created_per_s: round(basic.createdPerS),
      pods_per_s_with_kubelets: round(busy.boundPerS),
      kubelets_catch_up_s: round(catchUpS, 1),
      steady_pods: latencies.length,
      steady_startup_p50_ms: round(percentile(latencies, 50), 1),
      steady_startup_p99_ms: round(percentile(latencies, 99), 1),
      rss_mb: round(peakRssMb()),
    };
    return {
      title: 'kes scheduler benchmark: SchedulingBasic on simulated nodes, then steady-rate pod startup',
      rows: [
        { measure: 'nodes / pods', value: `${readable(nodes)} / ${readable(pods)}` },
        { measure: 'pods bound per second', value: readable(figures.pods_per_s), detail: `SchedulingBasic: first create to last binding, no kubelets (as scheduler_perf); created ${readable(figures.created_per_s)} pods/s` },
        { measure: '… with kubelets running', value: readable(figures.pods_per_s_with_kubelets), detail: `${readable(pods)} more pods while every simulated kubelet reports its pods Running from the same thread` },
        { measure: 'kubelets catch up', value: readable(figures.kubelets_catch_up_s, ' s', 1), detail: `started after the first burst: all ${readable(pods)} of its pods reported Running` },
        { measure: `startup p50 at ${STEADY_RATE} pods/s`, value: readable(figures.steady_startup_p50_ms, ' ms', 1), detail: 'create sent → Running seen' },
        { measure: `startup p99 at ${STEADY_RATE} pods/s`, value: readable(figures.steady_startup_p99_ms, ' ms', 1), detail: `${latencies.length} pods over ${STEADY_SECONDS} s` },
        { measure: 'peak RSS', value: readable(figures.rss_mb, ' MB') },
      ],
      figures,
      notes: [
        'one process: the API server (SQLite store, durable appends), scheduler, controllers, and a kubelet pod loop for every simulated node on a zero-latency simulated runtime',
        'kube-scheduler\'s SchedulingBasic has no kubelets (pods are only bound), so the first burst runs without them; the kubelets start after it, and the second burst and the steady phase run with them',
        `pods are created over HTTPS through the command API (POST /kes/v1/commands) by a client on its own thread, ${IN_FLIGHT} requests in flight; each pod requests 100m cpu and 64Mi`,
      ],
    };
  } finally {
    await plane.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
