import { IN_FLIGHT } from './pod-workload.js';
import { percentile, readable, round, type BenchReport } from './report.js';
import { peakRssMb } from './rss.js';

export type Mode = 'embedded' | 'distributed';
/** One SchedulingBasic burst: pods bound and created per second; CPU time per pod of this process and of nats-server. */
export type BurstResult = Readonly<{ boundPerS: number; createdPerS: number; cpuMsPerPod: number; natsCpuMsPerPod: number }>;
/** Steady-rate startup latencies (ms, ascending) and, distributed, the append → consumer lags (ms, ascending). */
export type SteadyResult = Readonly<{ startup: readonly number[]; lags?: readonly number[] }>;

type Measured = Readonly<{
  nodes: number;
  pods: number;
  rate: number;
  steadySeconds: number;
  rounds: readonly Readonly<Record<Mode, BurstResult>>[];
  startup: Readonly<Record<Mode, SteadyResult>>;
  relay: Readonly<{ events: number; seconds: number; eventsPerS: number }>;
  natsRssMb: number;
}>;

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const ms = (sorted: readonly number[] | undefined, p: number) => round(sorted?.length ? percentile(sorted, p) : NaN, 1);
const list = (values: readonly number[], digits = 0) => values.map((v) => readable(v, '', digits)).join(', ');

function figuresOf(m: Measured) {
  const bound = (mode: Mode) => m.rounds.map((r) => r[mode].boundPerS);
  const created = (mode: Mode) => m.rounds.map((r) => r[mode].createdPerS);
  const cpu = (mode: Mode) => round(median(m.rounds.map((r) => r[mode].cpuMsPerPod)), 3);
  const ratios = m.rounds.map((r) => r.distributed.boundPerS / r.embedded.boundPerS);
  const { embedded, distributed } = m.startup;
  return {
    nodes: m.nodes, pods: m.pods, rounds: m.rounds.length, steady_rate: m.rate,
    embedded_pods_per_s: round(median(bound('embedded'))),
    distributed_pods_per_s: round(median(bound('distributed'))),
    distributed_to_embedded_ratio: round(median(ratios), 2),
    embedded_created_per_s: round(median(created('embedded'))),
    distributed_created_per_s: round(median(created('distributed'))),
    embedded_cpu_ms_per_pod: cpu('embedded'),
    distributed_cpu_ms_per_pod: cpu('distributed'),
    distributed_nats_server_cpu_ms_per_pod: round(median(m.rounds.map((r) => r.distributed.natsCpuMsPerPod)), 3),
    embedded_startup_p50_ms: ms(embedded.startup, 50),
    embedded_startup_p99_ms: ms(embedded.startup, 99),
    distributed_startup_p50_ms: ms(distributed.startup, 50),
    distributed_startup_p99_ms: ms(distributed.startup, 99),
    relay_events: m.relay.events,
    relay_events_per_s: round(m.relay.eventsPerS),
    append_to_consumer_lag_p50_ms: ms(distributed.lags, 50),
    append_to_consumer_lag_p99_ms: ms(distributed.lags, 99),
    lag_events: distributed.lags?.length ?? 0,
    rss_mb: peakRssMb(),
    nats_server_rss_mb: m.natsRssMb,
  };
}

export function distributedReport(m: Measured): BenchReport {
  const figures = figuresOf(m);
  const rounds = (mode: Mode) => `rounds: ${list(m.rounds.map((r) => r[mode].boundPerS))}`;
  const p50p99 = (p50: number, p99: number) => `${readable(p50, '', 1)} / ${readable(p99, ' ms', 1)}`;
  return {
    title: 'kes distributed benchmark: the embedded mode and the distributed mode (over NATS JetStream) side by side',
    rows: [
      { measure: 'nodes / pods', value: `${readable(m.nodes)} / ${readable(m.pods)}`, detail: `${m.rounds.length} rounds of each mode, one right after the other` },
      { measure: 'embedded pods bound/s', value: readable(figures.embedded_pods_per_s), detail: `median; ${rounds('embedded')}; created ${readable(figures.embedded_created_per_s)}/s` },
      { measure: 'distributed pods bound/s', value: readable(figures.distributed_pods_per_s), detail: `median; ${rounds('distributed')}; created ${readable(figures.distributed_created_per_s)}/s` },
      { measure: 'distributed / embedded', value: readable(figures.distributed_to_embedded_ratio, '×', 2), detail: `median of the rounds' ratios (${list(m.rounds.map((r) => r.distributed.boundPerS / r.embedded.boundPerS), 2)}); goal ≥ 0.7×` },
      { measure: 'CPU per pod bound', value: `${readable(figures.embedded_cpu_ms_per_pod, '', 2)} / ${readable(figures.distributed_cpu_ms_per_pod, ' ms', 2)}`, detail: `embedded / distributed, medians; this process, every thread (the pod client's too); nats-server another ${readable(figures.distributed_nats_server_cpu_ms_per_pod, ' ms', 2)} in the distributed mode` },
      { measure: 'embedded startup p50 / p99', value: p50p99(figures.embedded_startup_p50_ms, figures.embedded_startup_p99_ms), detail: `create sent → Running seen, ${m.startup.embedded.startup.length} pods at ${m.rate}/s for ${m.steadySeconds} s` },
      { measure: 'distributed startup p50 / p99', value: p50p99(figures.distributed_startup_p50_ms, figures.distributed_startup_p99_ms), detail: `the same, ${m.startup.distributed.startup.length} pods` },
      { measure: 'relay to KES_EVENTS', value: readable(figures.relay_events_per_s, ' ev/s'), detail: `a burst of ${readable(m.relay.events)} stored events on the stream in ${readable(m.relay.seconds, ' s', 2)}` },
      { measure: 'append → consumer lag p50 / p99', value: p50p99(figures.append_to_consumer_lag_p50_ms, figures.append_to_consumer_lag_p99_ms), detail: `store commit → receipt by an ordered JetStream consumer; ${readable(figures.lag_events)} events of the distributed steady phase` },
      { measure: 'peak RSS', value: readable(figures.rss_mb, ' MB'), detail: `this process (every control plane, one after the other); nats-server ${readable(figures.nats_server_rss_mb, ' MB')}` },
    ],
    figures,
    notes: [
      'embedded: a control plane in this process (SQLite store, in-process bus), the scheduler and the controllers beside the API server',
      'distributed: a control plane in this process wired as `kesadm init --nats` wires it: the relay publishes every stored event to KES_EVENTS and the API server serves commands on kes.commands.<Type>; the scheduler and the controller manager run in this process as NATS components, each on a connection of its own with its component credential and lease, building its read models from KES_EVENTS and sending commands as NATS requests',
      'every burst and steady phase has a fresh control plane with the simulated nodes registered; in the steady phases a kubelet pod loop for every simulated node runs on the API server\'s read models in this process (zero-latency simulated runtime), in both modes; bound and Running are when the API server\'s read models first show them',
      `pods are created over HTTPS through the command API (POST /kes/v1/commands) by a client on its own thread, ${IN_FLIGHT} in flight for a burst; each pod requests 100m cpu and 64Mi`,
      'the relay burst runs on a store of its own through startNatsRelay (as the API server runs it), after KES_EVENTS is emptied; node events appended 100 at a time, 256 appends in flight',
      'nats-server runs on a free loopback port with a temporary store, started and stopped by the bench; everything shares this machine\'s cores (and its load: compare figures within one run)',
    ],
  };
}
