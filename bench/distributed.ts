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
import { atExit } from './support/cleanup.js';
import { benchNatsServer, removeEventStream } from './support/bench-nats.js';
import { distributedReport, type BurstResult, type Mode, type SteadyResult } from './support/distributed-report.js';
import { untilTrue } from './support/node-pods.js';
import { IN_FLIGHT, podWorkload, registerNodes, simulatedKubelets } from './support/pod-workload.js';
import { relayBurst } from './support/relay-burst.js';
import { UsageError, type BenchReport } from './support/report.js';

const STEADY_SECONDS = 10;

const progress = (message: string) => process.stderr.write(`[distributed] ${message}\n`);

function options(args: readonly string[]) {
  const flags = ['nodes', 'pods', 'rate', 'events', 'rounds'] as const;
  const defaults = { nodes: '100', pods: '2000', rate: '100', events: '50000', rounds: '3' };
  const { values } = parseArgs({ args: [...args], options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string', default: defaults[flag] }])) });
  const [nodes, pods, rate, events, rounds] = flags.map((flag) => Number(values[flag]));
  if (![nodes, pods, rate, events, rounds].every((n) => Number.isInteger(n) && n! >= 1)) throw new UsageError(`distributed: ${flags.map((f) => `--${f}`).join(', ')} take whole numbers ≥ 1`);
  return { nodes: nodes!, pods: pods!, rate: rate!, events: events!, rounds: rounds! };
}

type Options = ReturnType<typeof options>;
type Plane = Awaited<ReturnType<typeof benchControlPlane>> & { names: string[]; workload: ReturnType<typeof podWorkload> };

/**
 * A fresh control plane of the mode with `nodes` simulated nodes registered, for `work`. Distributed: wired as
 * `kesadm init --nats` wires it (on an emptied KES_EVENTS), the scheduler and the controller manager acting as NATS
 * components.
 */
async function withPlane<T>(mode: Mode, o: Options, natsUrl: string, work: (plane: Plane) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `kes-bench-${mode}-`));
  const forget = atExit(() => rmSync(dir, { recursive: true, force: true }));
  if (mode === 'distributed') await removeEventStream(natsUrl);
  const started = await benchControlPlane(dir, await freeLoopbackPort(), progress, mode === 'distributed' ? { nats: natsUrl } : {});
  let components: Stoppable[] = [];
  try {
    const names = await registerNodes(started.plane, o.nodes, started.clock, started.ids);
    if (mode === 'distributed') components = await startBenchComponents(started.plane, dir, natsUrl, started.client, progress);
    const workload = podWorkload(started.plane, started.client);
    try {
      return await work({ ...started, names, workload });
    } finally {
      workload.stop();
    }
  } finally {
    for (const component of components) await component.stop();
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
}

type Nats = Awaited<ReturnType<typeof benchNatsServer>>;

/**
 * SchedulingBasic: `pods` pods through the API with no kubelets, first create to last binding; and the CPU time it
 * took, per pod, in this process (every thread, the pod client's too) and in nats-server: figures the machine's
 * load moves far less than rates.
 */
function burst(mode: Mode, o: Options, nats: Nats, round: number): Promise<BurstResult> {
  progress(`round ${round}, ${mode}: ${o.pods} pods through the API, ${IN_FLIGHT} in flight, no kubelets`);
  return withPlane(mode, o, nats.url, async ({ workload }) => {
    const [cpu, natsCpuMs] = [process.cpuUsage(), nats.cpuMs()];
    const rates = await workload.burst(`burst-${round}`, o.pods);
    const { user, system } = process.cpuUsage(cpu);
    return { ...rates, cpuMsPerPod: (user + system) / 1000 / o.pods, natsCpuMsPerPod: (nats.cpuMs() - natsCpuMs) / o.pods };
  });
}

/** Every simulated kubelet running, pods at `rate` per second: create → Running; distributed, the append → consumer lag too. */
function steady(mode: Mode, o: Options, natsUrl: string): Promise<SteadyResult> {
  progress(`${mode}: ${o.rate} pods/s for ${STEADY_SECONDS} s with the kubelets running`);
  return withPlane(mode, o, natsUrl, async ({ plane, names, workload, clock, ids }) => {
    const kubelets = simulatedKubelets(plane, names, clock, ids, progress);
    const store = plane.container.get<EventStore>(EventStore);
    const lag = mode === 'distributed' ? await appendToConsumerLag(store, natsUrl) : undefined;
    try {
      const startup = await workload.steady('steady', o.rate, STEADY_SECONDS);
      if (lag) await untilTrue(() => lag.pending() === 0, 30_000, 'the consumer to receive every event appended');
      return { startup, lags: await lag?.stop() };
    } catch (error) {
      await lag?.stop();
      throw error;
    } finally {
      kubelets.stop();
    }
  });
}

/**
 * The embedded mode and the distributed mode over a real nats-server side by side in one run: SchedulingBasic in
 * `rounds` rounds, one mode right after the other (the machine's load drifts), then steady-rate startup in each,
 * then the relay alone.
 */
export async function distributedBench(args: readonly string[]): Promise<BenchReport> {
  const o = options(args);
  const nats = await benchNatsServer();
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-relay-'));
  const forget = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const rounds = [];
    for (let round = 1; round <= o.rounds; round++)
      rounds.push({ embedded: await burst('embedded', o, nats, round), distributed: await burst('distributed', o, nats, round) });
    const startup = { embedded: await steady('embedded', o, nats.url), distributed: await steady('distributed', o, nats.url) };
    progress(`relay: a burst of ${o.events} stored events onto KES_EVENTS`);
    const relay = await relayBurst(nats.url, dir, o.events, progress);
    return distributedReport({ ...o, steadySeconds: STEADY_SECONDS, rounds, startup, relay, natsRssMb: nats.peakRssMb() });
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
}
