import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ReadModels } from '../application/projections/read-models.js';
import { SqliteEventStore } from '../infrastructure/sqlite/sqlite-event-store.js';
import { atExit } from './support/cleanup.js';
import { measureEtcd } from './support/etcd-workload.js';
import { UsageError, type BenchReport } from './support/report.js';
import { storeReport } from './support/store-report.js';
import { appendLoad, buildDataset, jsonParseRate, readWholeLog } from './support/store-workloads.js';

const CLIENTS = 64;
const ONE_CLIENT_MS = 3000;
const MANY_CLIENTS_MS = 5000;
const PAGE = 10_000;

const progress = (message: string) => process.stderr.write(`[store] ${message}\n`);

/** The embedded SQLite event store: durable appends, read-all, projection rebuild, and etcd side by side. */
export async function storeBench(args: readonly string[]): Promise<BenchReport> {
  const total = eventsOption(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-store-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const forget = atExit(removeDir);
  try {
    const appends = await measureAppends(join(dir, 'appends.sqlite'));
    // etcd goes before the big log is written, so the disk is as quiet for it as for the appends.
    progress(`etcd: ${CLIENTS} clients for ${MANY_CLIENTS_MS / 1000} s, then 1 client for ${ONE_CLIENT_MS / 1000} s, per driver`);
    const etcd = await measureEtcd(join(dir, 'etcd'), CLIENTS, MANY_CLIENTS_MS, ONE_CLIENT_MS);
    const log = await measureLog(join(dir, 'log.sqlite'), total);
    return storeReport({ total, clients: CLIENTS, page: PAGE, appends, log, etcd });
  } finally {
    forget();
    removeDir();
  }
}

function eventsOption(args: readonly string[]): number {
  let events: string;
  try {
    events = parseArgs({ args: [...args], options: { events: { type: 'string', default: '1000000' } } }).values.events;
  } catch (error) {
    throw new UsageError(`store: ${(error as Error).message}; the only flag is --events N`);
  }
  const total = Number(events);
  if (!Number.isSafeInteger(total) || total < 1) throw new UsageError(`store: --events must be a positive integer, not "${events}"`);
  return total;
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
    progress('JSON.parse alone of the same events');
    const parseCeiling = jsonParseRate(file, Math.min(total, 100_000));
    progress('projection rebuild');
    const models = new ReadModels();
    const rebuild = await readWholeLog(store, PAGE, (event) => models.apply(event));
    if (models.position !== head || models.nodes.size !== built.nodes)
      throw new Error(`the rebuild reached position ${models.position} with ${models.nodes.size} nodes, not ${head} with ${built.nodes}`);
    return { built, read, parseCeiling, rebuild };
  } finally {
    await store.close();
  }
}

export type Appends = Awaited<ReturnType<typeof measureAppends>>;
export type Log = Awaited<ReturnType<typeof measureLog>>;
