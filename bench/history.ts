import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ReadModels } from '../application/projections/read-models.js';
import { takeSnapshots } from '../application/projections/snapshot-schedule.js';
import { replayInto, restoreForRecentChanges } from '../application/queries/at-position.js';
import { RECENT_CHANGES_KEPT } from '../application/projections/recent-changes.js';
import { verifyHistory } from '../application/verification/verify-history.js';
import { SqliteEventStore } from '../infrastructure/sqlite/sqlite-event-store.js';
import { FileProjectionSnapshots } from '../infrastructure/snapshots/file-projection-snapshots.js';
import { atExit } from './support/cleanup.js';
import { HISTORY_ADMIN_TOKEN, historyAdminTokenHash, historyApi } from './support/history-api.js';
import { buildHistory, HISTORY_NAMESPACE } from './support/history-log.js';
import { exportTo, restoreFrom } from './support/history-portability.js';
import { openHttpWatches } from './support/http-watches.js';
import { listLatencyAt, type PointLatency } from './support/past-reads.js';
import { historyReport } from './support/history-report.js';
import { UsageError, type BenchReport } from './support/report.js';

const progress = (message: string) => process.stderr.write(`[history] ${message}\n`);
const memory = () => {
  global.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
};

/** How far back from the head the watches start: a client's resourceVersion from a list a moment ago, and from longer ago. */
const WATCHES_BACK = [100, 1000];

type Options = Readonly<{ events: number; snapshotEvery: number; watches: number }>;

/**
 * A cluster's long history, and what kes does with it: the cluster at any point (`get --at`) with and without
 * projection snapshots, watches opened from a recent resourceVersion, the rebuild of every projection, and export,
 * restore and verify — on a SQLite log of `events` events of pods made, run and deleted (about 2,000 live at once).
 */
export async function historyBench(args: readonly string[]): Promise<BenchReport> {
  const options = parse(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-history-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const forget = atExit(removeDir);
  const store = SqliteEventStore.open(join(dir, 'kes.db'));
  try {
    progress(`building a history of ${options.events.toLocaleString('en-US')} events`);
    const built = await buildHistory(store, options.events, { nodes: 100, livePods: 2000, adminTokenHash: historyAdminTokenHash(), start: new Date('2026-01-01T00:00:00Z') });
    const head = built.events;

    progress('rebuilding every projection from the first event');
    let start = performance.now();
    const rebuilt = await replayInto(new ReadModels(), store);
    const rebuildSeconds = (performance.now() - start) / 1000;

    progress(`the same, taking a snapshot every ${options.snapshotEvery.toLocaleString('en-US')} events`);
    const snapshotDir = join(dir, 'snapshots');
    const snapshots = new FileProjectionSnapshots(snapshotDir);
    start = performance.now();
    const withSnapshots = new ReadModels();
    const taking = takeSnapshots(withSnapshots, snapshots, [], { every: options.snapshotEvery });
    await replayInto(withSnapshots, store);
    await taking.flushed();
    taking.subscription.unsubscribe();
    const snapshotSeconds = (performance.now() - start) / 1000;
    const kept = await snapshots.positions();
    const snapshotBytes = folderBytes(snapshotDir);
    if (withSnapshots.position !== rebuilt.position) throw new Error('the two rebuilds ended at different positions');

    progress('the API server starting from a snapshot (the newest one --snapshot-every events old, for the recent changes watches start from)');
    start = performance.now();
    const live = new ReadModels({ recentChanges: RECENT_CHANGES_KEPT });
    await restoreForRecentChanges(live, store, snapshots, options.snapshotEvery);
    await replayInto(live, store);
    const startupMs = performance.now() - start;

    const points = { start: Math.round(head * 0.05), middle: Math.round(head / 2), end: head - 1000 };
    const withApi = await historyApi(dir, store, live, snapshots);
    const withoutApi = await historyApi(dir, store, live);
    let atLatency: Record<string, { with: PointLatency; without: PointLatency }>;
    let timeToPositionMs: number;
    let watchFigures: { seconds: number; heapMb: number; rssMb: number; from: number; back: number }[];
    try {
      atLatency = {};
      for (const [name, position] of Object.entries(points)) {
        progress(`get --at the ${name} (position ${position}), with snapshots`);
        const withS = await listLatencyAt(withApi, position, 5);
        progress(`get --at the ${name}, replaying from the first event`);
        const withoutS = await listLatencyAt(withoutApi, position, 2);
        if (withS.pods !== withoutS.pods) throw new Error(`at ${position}: ${withS.pods} pods from snapshots, ${withoutS.pods} replayed from the start`);
        atLatency[name] = { with: withS, without: withoutS };
      }
      progress('a time turned into a position (--at TIME)');
      start = performance.now();
      const middleTime = new Date((Date.parse(built.startedAt) + Date.parse(built.endedAt)) / 2).toISOString();
      const answer = await withApi.get(`/kes/v1/positions?at=${encodeURIComponent(middleTime)}`);
      timeToPositionMs = performance.now() - start;
      if (answer.status !== 200) throw new Error(`positions: ${answer.status} ${answer.body}`);

      watchFigures = [];
      for (const back of WATCHES_BACK) {
        const from = head - back;
        progress(`${options.watches} pod watches from resourceVersion ${from} (${back} events before the head)`);
        const before = memory();
        const watches = await openHttpWatches(withApi.origin, HISTORY_ADMIN_TOKEN, `/api/v1/namespaces/${HISTORY_NAMESPACE}/pods?watch=true&resourceVersion=${from}`, options.watches, 1);
        const after = memory();
        watches.close();
        watchFigures.push({ seconds: watches.seconds, heapMb: after.heapMb - before.heapMb, rssMb: after.rssMb - before.rssMb, from, back });
      }
    } finally {
      await withApi.close();
      await withoutApi.close();
    }

    progress('export');
    const exportFile = join(dir, 'export.ndjson');
    const exported = await exportTo(store, exportFile);
    progress('restore (check, then import into a new store)');
    const restored = await restoreFrom(exportFile, join(dir, 'restored.db'));
    progress('verify (log checks, rebuild from zero, compared with every snapshot)');
    start = performance.now();
    const verified = await verifyHistory(store, snapshots, () => undefined);
    const verifySeconds = (performance.now() - start) / 1000;
    if (verified.differences + verified.logProblems > 0) throw new Error(`verify found ${verified.differences} differences and ${verified.logProblems} log problems`);

    return historyReport({
      options, built, logBytes: statSync(join(dir, 'kes.db')).size, rebuildSeconds, snapshotSeconds, snapshots: kept.length, snapshotBytes, startupMs,
      points, atLatency, timeToPositionMs, watches: watchFigures, exported, restored, verified: { ...verified, seconds: verifySeconds }, livePods: live.pods.size,
    });
  } finally {
    await store.close();
    forget();
    removeDir();
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

function parse(args: readonly string[]): Options {
  let values: Record<string, string>;
  try {
    values = parseArgs({ args: [...args], options: { events: { type: 'string', default: '1000000' }, 'snapshot-every': { type: 'string', default: '10000' }, watches: { type: 'string', default: '1000' } } }).values as Record<string, string>;
  } catch (error) {
    throw new UsageError(`history: ${(error as Error).message}; flags: --events N, --snapshot-every N, --watches N`);
  }
  const whole = (name: string) => {
    const n = Number(values[name]);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`history: --${name} must be a positive whole number, not "${values[name]}"`);
    return n;
  };
  const events = whole('events');
  if (events < 20_000) throw new UsageError('history: --events must be at least 20000 (the history has 2,000 live pods)');
  return { events, snapshotEvery: whole('snapshot-every'), watches: whole('watches') };
}
