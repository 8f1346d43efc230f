import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchControlPlane } from './support/bench-control-plane.js';
import { IN_FLIGHT, podWorkload, registerNodes, simulatedKubelets } from './support/pod-workload.js';
import { epochMs } from './support/pod-client.js';
import { freeLoopbackPort } from '../infrastructure/system/free-port.js';
import { percentile, readable, round, UsageError, type BenchReport } from './support/report.js';
import { peakRssMb } from './support/rss.js';

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

/** kube-scheduler's scheduler_perf "SchedulingBasic" shape on simulated nodes, then pod startup at a steady rate. */
export async function schedulerBench(args: readonly string[]): Promise<BenchReport> {
  const { nodes, pods } = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-scheduler-'));
  const { plane, client, clock, ids } = await benchControlPlane(dir, await freeLoopbackPort(), progress);
  try {
    progress(`registering ${nodes} simulated nodes`);
    const names = await registerNodes(plane, nodes, clock, ids);
    const workload = podWorkload(plane, client);

    progress(`SchedulingBasic: ${pods} pods through the API, ${IN_FLIGHT} in flight, no kubelets (as scheduler_perf)`);
    const basic = await workload.burst('basic', pods);
    const kubelets = simulatedKubelets(plane, names, clock, ids, progress);
    const catchUpStart = epochMs();
    await workload.allRunning(basic.keys);
    const catchUpS = (epochMs() - catchUpStart) / 1000;
    progress(`the same again with every simulated kubelet reporting its pods Running on the same thread`);
    const busy = await workload.burst('busy', pods);

    progress(`steady: ${STEADY_RATE} pods/s for ${STEADY_SECONDS} s`);
    const latencies = await workload.steady('steady', STEADY_RATE, STEADY_SECONDS);
    workload.stop();
    kubelets.stop();

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
