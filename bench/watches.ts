import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { EventStore } from '../application/ports/event-store.js';
import type { ReadModels } from '../application/projections/read-models.js';
import { readModelsAt } from '../application/queries/at-position.js';
import { changesSince } from '../application/queries/changes-since.js';
import { freeLoopbackPort } from '../infrastructure/system/free-port.js';
import { SqliteEventStore } from '../infrastructure/sqlite/sqlite-event-store.js';
import { benchControlPlane } from './support/bench-control-plane.js';
import { atExit } from './support/cleanup.js';
import { readable, round, UsageError, type BenchReport } from './support/report.js';
import { buildDataset } from './support/store-workloads.js';
import { getOnFreshConnections, openWatches } from './support/watch-clients.js';

const progress = (message: string) => process.stderr.write(`[watches] ${message}\n`);
const heapMb = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/**
 * Watches opened from a recent resourceVersion against a long log: a control plane started on a log of `events`
 * node events (its read models keep the recent changes), then `watches` node watches opened at once from
 * `back` changes before the head, each waiting for the changes since. Time until all have them, and memory.
 */
export async function watchesBench(args: readonly string[]): Promise<BenchReport> {
  const { events, watches, back } = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'kes-bench-watches-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const forget = atExit(removeDir);
  try {
    progress(`building a log of ${events.toLocaleString('en-US')} node events`);
    const store = SqliteEventStore.open(join(dir, 'kes.db'));
    await buildDataset(store, events);
    await store.close();
    progress('starting the control plane (its read models replay the log)');
    const startedAt = performance.now();
    const { plane, stop, client } = await benchControlPlane(dir, await freeLoopbackPort(), () => undefined);
    const startSeconds = (performance.now() - startedAt) / 1000;
    try {
      const models = plane.models;
      const store = plane.container.get<EventStore>(EventStore);
      const nodeChanges = [...models.recentChanges.after(0)].filter((c) => c.kind === 'Node');
      const from = nodeChanges.at(-1 - back)!.event.position;
      const before = { heap: heapMb(), rss: rssMb() };
      progress(`opening ${watches} node watches from resourceVersion ${from} (${back} changes before the head)`);
      const opened = await openWatches(client, `/api/v1/nodes?watch=true&resourceVersion=${from}`, watches, back);
      const after = { heap: heapMb(), rss: rssMb() };
      opened.close();
      progress(`${watches} plain GETs of one node, each on a new connection, for comparison`);
      const gets = await getOnFreshConnections(client, '/api/v1/nodes/worker-00001', watches);
      progress(`the same ${watches} starts in the API server's process, without HTTP, and one rebuild at the resourceVersion as each watch did before`);
      const inProcess = startsInProcess(plane.models, store, from, watches);
      const rebuildStart = performance.now();
      await readModelsAt(store, from);
      const rebuildMs = performance.now() - rebuildStart;
      return {
        title: `${watches} watches from a recent resourceVersion on a log of ${events.toLocaleString('en-US')} events`,
        rows: [
          { measure: 'control plane start (replay)', value: readable(startSeconds, ' s', 1) },
          { measure: 'changes kept', value: readable(models.recentChanges.size) },
          { measure: `open ${watches} watches, ${back} changes each`, value: readable(opened.seconds * 1000, ' ms'), detail: `${opened.lines} lines` },
          { measure: `${watches} GETs of one node, a new connection each`, value: readable(gets * 1000, ' ms'), detail: 'the same connections without a watch' },
          { measure: `the server's watch starts alone (in process) (in process)`, value: readable(inProcess.ms, ' ms', 1), detail: `${inProcess.changes} changes, heap +${readable(inProcess.heapMb, ' MiB', 1)}` },
          { measure: 'one watch start before: rebuild at the RV', value: readable(rebuildMs, ' ms'), detail: `x ${watches} watches = ${readable((rebuildMs * watches) / 1000, ' s')}` },
          { measure: 'heap with them open', value: readable(after.heap - before.heap, ' MiB', 1), detail: `${readable(after.heap, ' MiB')} in all` },
          { measure: 'rss growth', value: readable(after.rss - before.rss, ' MiB', 1), detail: `${readable(after.rss, ' MiB')} in all` },
        ],
        figures: {
          events, watches, back, startSeconds: round(startSeconds, 2), changesKept: models.recentChanges.size,
          openMs: round(opened.seconds * 1000), plainGetsMs: round(gets * 1000), inProcessStartsMs: round(inProcess.ms, 1), rebuildAtRvMs: round(rebuildMs), heapGrowthMb: round(after.heap - before.heap, 1), heapMb: round(after.heap, 1), rssMb: round(after.rss),
        },
        notes: [
          global.gc ? 'heap measured after a full GC' : 'heap measured without --expose-gc: an upper bound',
          'the HTTP figure includes both ends of 1,000 TLS handshakes in this one process',
        ],
      };
    } finally {
      await stop();
    }
  } finally {
    forget();
    removeDir();
  }
}

/** `count` watch starts as the API server makes them (changesSince from the live models), subscribed and left open. */
function startsInProcess(models: ReadModels, store: EventStore, from: number, count: number) {
  const heapBefore = heapMb();
  let changes = 0;
  const start = performance.now();
  const subscriptions = Array.from({ length: count }, () => changesSince(models, store, 'Node', from).subscribe(() => void changes++));
  const ms = performance.now() - start;
  const heapGrowth = heapMb() - heapBefore;
  for (const subscription of subscriptions) subscription.unsubscribe();
  return { ms, changes, heapMb: heapGrowth };
}

function options(args: readonly string[]) {
  try {
    const { values } = parseArgs({ args: [...args], options: { events: { type: 'string', default: '100000' }, watches: { type: 'string', default: '1000' }, back: { type: 'string', default: '10' } } });
    const [events, watches, back] = [values.events, values.watches, values.back].map(Number);
    if (![events, watches, back].every((n) => Number.isSafeInteger(n) && n >= 1)) throw new Error('each must be a positive integer');
    return { events, watches, back };
  } catch (error) {
    throw new UsageError(`watches: ${(error as Error).message}; flags: --events N --watches N --back N`);
  }
}
