import { IN_FLIGHT } from './pod-workload.js';
import { readable, round, type BenchReport } from './report.js';
import { peakRssMb } from './rss.js';

/** What one mode measured: SchedulingBasic's rate, steady startup, and (distributed) the append → consumer lag. */
export type ModeResult = Readonly<{
  podsPerS: number;
  createdPerS: number;
  startupP50Ms: number;
  startupP99Ms: number;
  steadyPods: number;
  lagP50Ms?: number;
  lagP99Ms?: number;
  lagEvents?: number;
}>;

type Measured = Readonly<{
  nodes: number;
  pods: number;
  rate: number;
  steadySeconds: number;
  embedded: ModeResult;
  distributed: ModeResult;
  relay: Readonly<{ events: number; seconds: number; eventsPerS: number }>;
  natsRssMb: number;
}>;

const ms = (value: number | undefined) => round(value ?? NaN, 1);

export function distributedReport(m: Measured): BenchReport {
  const { embedded, distributed, relay } = m;
  const figures = {
    nodes: m.nodes, pods: m.pods, steady_rate: m.rate,
    embedded_pods_per_s: round(embedded.podsPerS),
    distributed_pods_per_s: round(distributed.podsPerS),
    distributed_to_embedded_ratio: round(distributed.podsPerS / embedded.podsPerS, 2),
    embedded_created_per_s: round(embedded.createdPerS),
    distributed_created_per_s: round(distributed.createdPerS),
    embedded_startup_p50_ms: ms(embedded.startupP50Ms),
    embedded_startup_p99_ms: ms(embedded.startupP99Ms),
    distributed_startup_p50_ms: ms(distributed.startupP50Ms),
    distributed_startup_p99_ms: ms(distributed.startupP99Ms),
    relay_events: relay.events,
    relay_events_per_s: round(relay.eventsPerS),
    append_to_consumer_lag_p50_ms: ms(distributed.lagP50Ms),
    append_to_consumer_lag_p99_ms: ms(distributed.lagP99Ms),
    lag_events: distributed.lagEvents ?? 0,
    rss_mb: peakRssMb(),
    nats_server_rss_mb: m.natsRssMb,
  };
  const p50p99 = (p50: number, p99: number) => `${readable(p50, '', 1)} / ${readable(p99, ' ms', 1)}`;
  return {
    title: 'kes distributed benchmark: the embedded mode and the distributed mode (over NATS JetStream) side by side',
    rows: [
      { measure: 'nodes / pods', value: `${readable(m.nodes)} / ${readable(m.pods)}` },
      { measure: 'embedded pods bound/s', value: readable(figures.embedded_pods_per_s), detail: `first create to last binding, no kubelets; created ${readable(figures.embedded_created_per_s)} pods/s` },
      { measure: 'distributed pods bound/s', value: readable(figures.distributed_pods_per_s), detail: `created ${readable(figures.distributed_created_per_s)} pods/s; ${readable(figures.distributed_to_embedded_ratio, '', 2)}× the embedded mode (goal ≥ 0.7×)` },
      { measure: 'embedded startup p50 / p99', value: p50p99(figures.embedded_startup_p50_ms, figures.embedded_startup_p99_ms), detail: `create sent → Running seen, ${embedded.steadyPods} pods at ${m.rate} pods/s for ${m.steadySeconds} s` },
      { measure: 'distributed startup p50 / p99', value: p50p99(figures.distributed_startup_p50_ms, figures.distributed_startup_p99_ms), detail: `the same, ${distributed.steadyPods} pods` },
      { measure: 'relay to KES_EVENTS', value: readable(figures.relay_events_per_s, ' ev/s'), detail: `a burst of ${readable(relay.events)} stored events on the stream in ${readable(relay.seconds, ' s', 2)}` },
      { measure: 'append → consumer lag p50', value: readable(figures.append_to_consumer_lag_p50_ms, ' ms', 1), detail: 'store commit → receipt by an ordered JetStream consumer, during the distributed steady phase' },
      { measure: 'append → consumer lag p99', value: readable(figures.append_to_consumer_lag_p99_ms, ' ms', 1), detail: `${readable(figures.lag_events)} events` },
      { measure: 'peak RSS', value: readable(figures.rss_mb, ' MB'), detail: `this process (both modes, one after the other); nats-server ${readable(figures.nats_server_rss_mb, ' MB')}` },
    ],
    figures,
    notes: [
      'embedded: one control plane in this process (SQLite store, in-process bus), the scheduler and the controllers beside the API server',
      'distributed: a control plane in this process wired as `kesadm init --nats` does: the relay publishes every stored event to KES_EVENTS and the API server serves commands on kes.commands.<Type>; the scheduler and the controller manager run in this process as NATS components, each on a connection of its own with its component credential and lease, building its read models from KES_EVENTS and sending commands as NATS requests',
      'in both modes a kubelet pod loop for every simulated node runs on the API server\'s read models in this process (zero-latency simulated runtime); bound and Running are when the API server\'s read models first show them',
      `pods are created over HTTPS through the command API (POST /kes/v1/commands) by a client on its own thread, ${IN_FLIGHT} in flight for the burst; each pod requests 100m cpu and 64Mi`,
      'the relay burst runs on a store of its own through startNatsRelay (as the API server runs it), after KES_EVENTS is emptied; node events appended 100 at a time, 256 appends in flight',
      'nats-server runs on a free loopback port with a temporary store, started and stopped by the bench; all of it shares this machine\'s cores',
    ],
  };
}
