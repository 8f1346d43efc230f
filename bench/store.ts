import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ReadModels } from '../application/projections/read-models.js';
import { SqliteEventStore } from '../infrastructure/sqlite/sqlite-event-store.js';
import { atExit } from './support/cleanup.js';
import { measureEtcd, type EtcdOutcome } from './support/etcd-workload.js';
import type { LoadResult } from './support/load.js';
import { eventSizes } from './support/node-events.js';
import { readable, round, type BenchReport, type Row } from './support/report.js';
import { peakRssMb } from './support/rss.js';
import { appendLoad, BATCH, buildDataset, readWholeLog } from './support/store-workloads.js';

const CLIENTS = 64;
const ONE_CLIENT_MS = 3000;
const MANY_CLIENTS_MS = 5000;
const PAGE = 10_000;

const progress = (message: string) => process.stderr.write(`[store] ${message}\n`);

/** The embedded SQLite event store: durable appends, read-all, projection rebuild, and etcd side by side. */
export async function storeBench(args: readonly string[]): Promise<BenchReport> {
  const { values } = parseArgs({ args: [...args], options: { events: { type: 'string', default: '1000000' } } });
  const total = Number(values.events);
  if (!Number.isSafeInteger(total) || total < 1) throw new Error(`--events must be a positive integer, not "${values.events}"`);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-store-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const forget = atExit(removeDir);
  try {
    const appends = await measureAppends(join(dir, 'appends.sqlite'));
    // etcd goes before the big log is written, so the disk is as quiet for it as for the appends.
    progress(`etcd: ${CLIENTS} clients for ${MANY_CLIENTS_MS / 1000} s, then 1 client for ${ONE_CLIENT_MS / 1000} s, per driver`);
    const etcd = await measureEtcd(join(dir, 'etcd'), CLIENTS, MANY_CLIENTS_MS, ONE_CLIENT_MS);
    const log = await measureLog(join(dir, 'log.sqlite'), total);
    return report(total, appends, log, etcd);
  } finally {
    forget();
    removeDir();
  }
}

async function measureAppends(file: string) {
  const store = SqliteEventStore.open(file);
  try {
    progress(`durable appends: 1 client for ${ONE_CLIENT_MS / 1000} s`);
    const one = await appendLoad(store, 1, ONE_CLIENT_MS, 'solo');
    progress(`durable appends: ${CLIENTS} clients for ${MANY_CLIENTS_MS / 1000} s`);
    const many = await appendLoad(store, CLIENTS, MANY_CLIENTS_MS, 'group');
    return { one, many };
  } finally {
    await store.close();
  }
}

async function measureLog(file: string, total: number) {
  const store = SqliteEventStore.open(file);
  try {
    progress(`building a log of ${total.toLocaleString('en-US')} events`);
    const built = await buildDataset(store, total);
    const head = await store.headPosition();
    if (head !== total) throw new Error(`the built log ends at position ${head}, not ${total}`);
    progress('read-all');
    const read = await readWholeLog(store, PAGE);
    if (read.events !== total) throw new Error(`read-all returned ${read.events} events, not ${total}`);
    progress('projection rebuild');
    const models = new ReadModels();
    const rebuild = await readWholeLog(store, PAGE, (event) => models.apply(event));
    if (models.position !== head || models.nodes.size !== built.nodes)
      throw new Error(`the rebuild reached position ${models.position} with ${models.nodes.size} nodes, not ${head} with ${built.nodes}`);
    return { built, read, rebuild };
  } finally {
    await store.close();
  }
}

type Appends = Awaited<ReturnType<typeof measureAppends>>;
type Log = Awaited<ReturnType<typeof measureLog>>;

function report(total: number, appends: Appends, log: Log, etcd: EtcdOutcome): BenchReport {
  const sizes = eventSizes();
  // etcd is judged by its best driver, so the ratio never flatters the store.
  const best = [...etcd.runs].sort((a, b) => b.manyClients.perSecond - a.manyClients.perSecond)[0];
  const rate = (load: LoadResult | undefined) => (load ? round(load.perSecond) : null);
  const byDriver = (prefix: string) => etcd.runs.find((run) => run.driver.startsWith(prefix));
  const figures = {
    events: total,
    nodes: log.built.nodes,
    payload_bytes: sizes.payloadBytes,
    event_bytes: sizes.eventBytes,
    append_events_per_s_1_client: rate(appends.one),
    append_p50_ms_1_client: round(appends.one.p50Ms, 2),
    append_p99_ms_1_client: round(appends.one.p99Ms, 2),
    append_events_per_s_group_commit: rate(appends.many),
    append_p50_ms_group_commit: round(appends.many.p50Ms, 2),
    append_p99_ms_group_commit: round(appends.many.p99Ms, 2),
    build_events_per_s: round(total / log.built.seconds),
    read_all_events_per_s: round(log.read.events / log.read.seconds),
    rebuild_1m_events_s: round(log.rebuild.seconds, 2),
    rss_mb: peakRssMb(),
    etcd_driver: best?.driver ?? null,
    etcd_put_per_s_64_clients: rate(best?.manyClients),
    etcd_put_per_s_1_client: rate(best?.oneClient),
    etcd_p50_ms_64_clients: best ? round(best.manyClients.p50Ms, 2) : null,
    etcd_put_per_s_64_clients_grpc: rate(byDriver('native gRPC')?.manyClients),
    etcd_put_per_s_1_client_grpc: rate(byDriver('native gRPC')?.oneClient),
    etcd_put_per_s_64_clients_http_gateway: rate(byDriver('HTTP/JSON')?.manyClients),
    etcd_put_per_s_1_client_http_gateway: rate(byDriver('HTTP/JSON')?.oneClient),
    append_vs_etcd_ratio: best ? round(appends.many.perSecond / best.manyClients.perSecond, 2) : null,
  };
  const rows: Row[] = [
    { measure: 'durable append, 1 client', value: readable(figures.append_events_per_s_1_client, ' ev/s'), detail: `p50 ${figures.append_p50_ms_1_client} ms, p99 ${figures.append_p99_ms_1_client} ms` },
    { measure: `durable append, ${CLIENTS} clients (group commit)`, value: readable(figures.append_events_per_s_group_commit, ' ev/s'), detail: `p50 ${figures.append_p50_ms_group_commit} ms, p99 ${figures.append_p99_ms_group_commit} ms` },
    { measure: `bulk build of ${total.toLocaleString('en-US')} events`, value: readable(figures.build_events_per_s, ' ev/s'), detail: `${round(log.built.seconds, 1)} s, batches of ${BATCH}, ${log.built.nodes} node streams` },
    { measure: `read-all (pages of ${PAGE.toLocaleString('en-US')}, JSON decoded)`, value: readable(figures.read_all_events_per_s, ' ev/s'), detail: `${round(log.read.seconds, 2)} s` },
    { measure: 'rebuild of all projections', value: readable(figures.rebuild_1m_events_s, ' s', 2), detail: `${readable(total / log.rebuild.seconds)} ev/s, readAll + ReadModels.apply` },
    { measure: 'peak RSS of the bench process', value: readable(figures.rss_mb, ' MB') },
    ...etcd.runs.flatMap((run) => [
      { measure: `etcd put, ${CLIENTS} clients`, value: readable(rate(run.manyClients), ' put/s'), detail: `p50 ${round(run.manyClients.p50Ms, 2)} ms via ${run.driver}` },
      { measure: 'etcd put, 1 client', value: readable(rate(run.oneClient), ' put/s'), detail: `p50 ${round(run.oneClient.p50Ms, 2)} ms via ${run.driver}` },
    ]),
    { measure: `group-commit append / etcd ${CLIENTS}-client put`, value: readable(figures.append_vs_etcd_ratio, 'x', 2), detail: best ? `against etcd's faster driver` : undefined },
  ];
  const notes = [
    `events are node events (NodeRegistered, then 80% NodeLabelsChanged, 10% NodeReadinessChanged, 10% NodeCordoned/NodeUncordoned): payload ${sizes.payloadBytes} B, whole event ${sizes.eventBytes} B of JSON on average; etcd values are the same events as JSON`,
    'appends and etcd puts are awaited one at a time per client; every append is durable (fsync) when it resolves, etcd runs with its default fsync of the raft log',
    `the append figures come from a fresh, empty SQLite file; the read and rebuild figures from a second file of ${total.toLocaleString('en-US')} events, read with the OS page cache warm`,
    'the store runs in this process; etcd is a separate process on loopback sharing the same 2 cores with this client, so its figures include a network hop',
    ...(etcd.note ? [etcd.note] : []),
  ];
  return { title: 'kes store benchmark (SQLite event store vs etcd)', rows, figures, notes };
}
