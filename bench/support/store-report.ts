import type { Appends, Log } from '../store.js';
import type { EtcdOutcome } from './etcd-workload.js';
import type { LoadResult } from './load.js';
import { eventSizes } from './node-events.js';
import { readable, round, type BenchReport, type Row } from './report.js';
import { peakRssMb } from './rss.js';
import { BATCH } from './store-workloads.js';

type Measured = Readonly<{ total: number; clients: number; page: number; appends: Appends; log: Log; etcd: EtcdOutcome }>;

const rate = (load: LoadResult | undefined) => (load ? round(load.perSecond) : null);
const ms = (value: number) => round(value, 2);
const count = (value: number) => value.toLocaleString('en-US');

export function storeReport(measured: Measured): BenchReport {
  const { total, clients, page, appends, log, etcd } = measured;
  const sizes = eventSizes();
  // etcd is judged by its faster driver, so the ratio never flatters the store.
  const best = [...etcd.runs].sort((a, b) => b.manyClients.perSecond - a.manyClients.perSecond)[0];
  const run = (driver: string) => etcd.runs.find((r) => r.driver === driver);
  const figures = {
    events: total,
    nodes: log.built.nodes,
    payload_bytes: sizes.payloadBytes,
    event_bytes: sizes.eventBytes,
    stored_record_bytes: sizes.recordBytes,
    append_events_per_s_1_client: rate(appends.one),
    append_p50_ms_1_client: ms(appends.one.p50Ms),
    append_p99_ms_1_client: ms(appends.one.p99Ms),
    append_events_per_s_group_commit: rate(appends.many),
    append_p50_ms_group_commit: ms(appends.many.p50Ms),
    append_p99_ms_group_commit: ms(appends.many.p99Ms),
    build_events_per_s: round(total / log.built.seconds),
    read_all_events_per_s: round(log.read.events / log.read.seconds),
    json_parse_events_per_s: round(log.parseCeiling),
    rebuild_1m_events_s: round(log.rebuild.seconds, 2),
    rss_mb: peakRssMb(),
    etcd_driver: best?.driver ?? null,
    etcd_put_per_s_64_clients: rate(best?.manyClients),
    etcd_put_per_s_1_client: rate(best?.oneClient),
    etcd_p50_ms_64_clients: best ? ms(best.manyClients.p50Ms) : null,
    etcd_put_per_s_64_clients_grpc: rate(run('grpc')?.manyClients),
    etcd_put_per_s_1_client_grpc: rate(run('grpc')?.oneClient),
    etcd_put_per_s_64_clients_http_gateway: rate(run('http_gateway')?.manyClients),
    etcd_put_per_s_1_client_http_gateway: rate(run('http_gateway')?.oneClient),
    append_vs_etcd_ratio: best ? round(appends.many.perSecond / best.manyClients.perSecond, 2) : null,
  };
  const perSecond = (load: LoadResult, unit: string) => readable(rate(load), unit);
  const latency = (load: LoadResult) => `p50 ${ms(load.p50Ms)} ms, p99 ${ms(load.p99Ms)} ms`;
  const rows: Row[] = [
    { measure: 'durable append, 1 client', value: perSecond(appends.one, ' ev/s'), detail: latency(appends.one) },
    { measure: `durable append, ${clients} clients (group commit)`, value: perSecond(appends.many, ' ev/s'), detail: latency(appends.many) },
    ...etcd.runs.flatMap(({ driver, manyClients, oneClient }) => [
      { measure: `etcd put, ${clients} clients (${driver})`, value: perSecond(manyClients, ' put/s'), detail: latency(manyClients) },
      { measure: `etcd put, 1 client (${driver})`, value: perSecond(oneClient, ' put/s'), detail: latency(oneClient) },
    ]),
    { measure: `group-commit append / etcd ${clients}-client put`, value: readable(figures.append_vs_etcd_ratio,'x', 2), detail: best ? `against etcd's faster driver (${best.driver})` : 'etcd not measured' },
    { measure: `bulk build of ${count(total)} events`, value: readable(figures.build_events_per_s,' ev/s'), detail: `${round(log.built.seconds, 1)} s; appends of ${BATCH} events over ${log.built.nodes} node streams` },
    { measure: `read-all (pages of ${count(page)}, JSON decoded)`, value: readable(figures.read_all_events_per_s,' ev/s'), detail: `${round(log.read.seconds, 2)} s` },
    { measure: 'JSON.parse alone, same events', value: readable(figures.json_parse_events_per_s, ' ev/s'), detail: `read-all's ceiling: ${count(Math.min(total, 100_000))} of its records, as stored, parsed on the same thread` },
    { measure: 'rebuild of all projections', value: readable(log.rebuild.seconds, ' s', 2), detail: `${readable(total / log.rebuild.seconds)} ev/s; readAll + ReadModels.apply` },
    { measure: 'peak RSS of the bench process', value: readable(figures.rss_mb,' MB') },
  ];
  const notes = [
    `events are node events (NodeRegistered, then 80% NodeLabelsChanged, 10% NodeReadinessChanged, 10% NodeCordoned/NodeUncordoned): payload ${sizes.payloadBytes} B, whole event ${sizes.eventBytes} B and stored record ${sizes.recordBytes} B of JSON on average; the etcd values are the same events as JSON`,
    'every client awaits each append or put before the next; an append is durable (fsynced) when it resolves, and etcd runs with its default fsync of the raft log',
    ...etcd.runs.map((r) => `etcd ${r.driver}: ${r.description}`),
    'the store runs inside this process; etcd is a separate process on loopback, sharing the 2 cores with this client, so its figures include a network hop',
    `append figures come from a fresh, empty SQLite file; read and rebuild figures from a second file of ${count(total)} events, read with the OS page cache warm`,
    `node ${process.version} ${process.execArgv.join(' ')}`.trimEnd(),
    ...(etcd.note ? [etcd.note] : []),
  ];
  return { title: 'kes store benchmark: embedded SQLite event store, etcd side by side', rows, figures, notes };
}
