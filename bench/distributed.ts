import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Stoppable } from '../application/events/while-leading.js';
import { EventStore } from '../application/ports/event-store.js';
import { freeLoopbackPort } from '../infrastructure/system/free-port.js';
import { appendToConsumerLag } from './support/append-lag.js';
import { startBenchComponents } from './support/bench-components.js';
import { benchControlPlane } from './support/bench-control-plane.js';
import { benchNatsServer } from './support/bench-nats.js';
import { untilTrue } from './support/node-pods.js';
import { IN_FLIGHT, podWorkload, registerNodes, simulatedKubelets } from './support/pod-workload.js';
import { relayBurst } from './support/relay-burst.js';
import { percentile, UsageError, type BenchReport } from './support/report.js';
import { distributedReport, type ModeResult } from './support/distributed-report.js';

const STEADY_SECONDS = 10;

const progress = (message: string) => process.stderr.write(`[distributed] ${message}\n`);

function options(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    options: { nodes: { type: 'string', default: '100' }, pods: { type: 'string', default: '2000' }, rate: { type: 'string', default: '100' }, events: { type: 'string', default: '10000' } },
  });
  const [nodes, pods, rate, events] = [values.nodes, values.pods, values.rate, values.events].map(Number);
  if (![nodes, pods, rate, events].every((n) => Number.isInteger(n) && n >= 1)) throw new UsageError('distributed: --nodes, --pods, --rate and --events take whole numbers ≥ 1');
  return { nodes: nodes!, pods: pods!, rate: rate!, events: events! };
}

type Mode = 'embedded' | 'distributed';
type Options = ReturnType<typeof options>;

/**
 * One mode, on a control plane of its own: `pods` pods through the API with no kubelets (SchedulingBasic), then,
 * with every simulated kubelet running, pods at `rate` per second for STEADY_SECONDS, create → Running.
 * Distributed: the scheduler and the controller manager are NATS components, and the append → consumer lag is
 * measured during the steady phase.
 */
async function runMode(mode: Mode, o: Options, natsUrl: string): Promise<ModeResult> {
  const dir = mkdtempSync(join(tmpdir(), `kes-bench-${mode}-`));
  const { plane, client, clock, ids, stop } = await benchControlPlane(dir, await freeLoopbackPort(), progress, mode === 'distributed' ? { nats: natsUrl } : {});
  let components: Stoppable[] = [];
  try {
    progress(`${mode}: registering ${o.nodes} simulated nodes`);
    const names = await registerNodes(plane, o.nodes, clock, ids);
    if (mode === 'distributed') components = await startBenchComponents(plane, dir, natsUrl, client, progress);
    const workload = podWorkload(plane, client);
    progress(`${mode}: ${o.pods} pods through the API, ${IN_FLIGHT} in flight, no kubelets`);
    const basic = await workload.burst(`${mode}-basic`, o.pods);
    const kubelets = simulatedKubelets(plane, names, clock, ids);
    await workload.allRunning(basic.keys);
    const store = plane.container.get<EventStore>(EventStore);
    const lag = mode === 'distributed' ? await appendToConsumerLag(store, natsUrl) : undefined;
    progress(`${mode}: ${o.rate} pods/s for ${STEADY_SECONDS} s with the kubelets running`);
    const startup = await workload.steady(`${mode}-steady`, o.rate, STEADY_SECONDS);
    if (lag) await untilTrue(() => lag.pending() === 0, 30_000, 'the consumer to receive every event appended');
    const lags = await lag?.stop();
    workload.stop();
    kubelets.stop();
    return {
      podsPerS: basic.boundPerS, createdPerS: basic.createdPerS,
      startupP50Ms: percentile(startup, 50), startupP99Ms: percentile(startup, 99), steadyPods: startup.length,
      ...(lags ? { lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99), lagEvents: lags.length } : {}),
    };
  } finally {
    for (const component of components) await component.stop();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The embedded mode and the distributed mode (over a real nats-server) side by side in one run, then the relay alone. */
export async function distributedBench(args: readonly string[]): Promise<BenchReport> {
  const o = options(args);
  const nats = await benchNatsServer();
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-relay-'));
  try {
    const embedded = await runMode('embedded', o, nats.url);
    const distributed = await runMode('distributed', o, nats.url);
    progress(`relay: a burst of ${o.events} stored events onto KES_EVENTS`);
    const relay = await relayBurst(nats.url, dir, o.events, progress);
    return distributedReport({ ...o, steadySeconds: STEADY_SECONDS, embedded, distributed, relay, natsRssMb: nats.peakRssMb() });
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
