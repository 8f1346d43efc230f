import type { PointLatency } from './past-reads.js';
import type { Rate } from './history-portability.js';
import { readable, round, type BenchReport, type Row } from './report.js';

export type HistoryMeasured = Readonly<{
  options: Readonly<{ events: number; snapshotEvery: number; watches: number }>;
  built: Readonly<{ events: number; pods: number; seconds: number }>;
  logBytes: number;
  rebuildSeconds: number;
  snapshotSeconds: number;
  snapshots: number;
  snapshotBytes: number;
  startupMs: number;
  points: Readonly<Record<string, number>>;
  atLatency: Readonly<Record<string, { with: PointLatency; without: PointLatency }>>;
  timeToPositionMs: number;
  watches: readonly Readonly<{ seconds: number; heapMb: number; rssMb: number; from: number; back: number }>[];
  exported: Rate & { bytes: number };
  restored: Readonly<{ check: Rate; import: Rate }>;
  verified: Readonly<{ events: number; snapshotsCompared: number; seconds: number }>;
  livePods: number;
}>;

const MB = 2 ** 20;
const perS = (events: number, seconds: number) => events / seconds;

export function historyReport(m: HistoryMeasured): BenchReport {
  const events = m.built.events;
  const rows: Row[] = [
    { measure: 'history', value: readable(events, ' events'), detail: `${readable(m.built.pods)} pods made, run and deleted over 100 nodes (${m.livePods} live at the end); SQLite ${readable(m.logBytes / MB, ' MiB')}; built in ${readable(m.built.seconds, ' s', 1)}` },
    { measure: 'rebuild from the first event', value: readable(perS(events, m.rebuildSeconds), ' events/s'), detail: `${readable(m.rebuildSeconds, ' s', 1)} (every projection, read from SQLite)` },
    { measure: `rebuild taking snapshots every ${readable(m.options.snapshotEvery)}`, value: readable(perS(events, m.snapshotSeconds), ' events/s'), detail: `${m.snapshots} snapshots, ${readable(m.snapshotBytes / MB, ' MiB', 1)} on disk` },
    { measure: 'API server start from a snapshot', value: readable(m.startupMs, ' ms'), detail: 'the newest one --snapshot-every events behind the head, then the log to its head' },
  ];
  for (const [name, { with: w, without }] of Object.entries(m.atLatency))
    rows.push({
      measure: `get --at ${name} (position ${readable(m.points[name]!)})`,
      value: readable(w.p50Ms, ' ms', 1),
      detail: `with snapshots, p50 of ${w.samples} (max ${readable(w.maxMs, ' ms', 1)}); replaying from the first event: ${readable(without.p50Ms, ' ms')}; ${w.pods} pods`,
    });
  rows.push(
    { measure: '--at TIME to a position', value: readable(m.timeToPositionMs, ' ms', 1), detail: 'binary search over the log' },
    ...m.watches.map((w) => ({
      measure: `${readable(m.options.watches)} watches from ${readable(w.back)} events back`,
      value: readable(w.seconds, ' s', 2),
      detail: `until each had its first change (from ${readable(w.from)}; every change since is sent to each; plain HTTP on loopback); heap +${readable(w.heapMb, ' MiB', 1)}, RSS +${readable(w.rssMb, ' MiB', 1)} with all open (server and clients in one process)`,
    })),
    { measure: 'export', value: readable(m.exported.perSecond, ' events/s'), detail: `${readable(m.exported.bytes / MB, ' MiB')} of NDJSON in ${readable(m.exported.seconds, ' s', 1)}` },
    { measure: 'restore: check the whole file', value: readable(m.restored.check.perSecond, ' events/s'), detail: `${readable(m.restored.check.seconds, ' s', 1)}` },
    { measure: 'restore: import into a new store', value: readable(m.restored.import.perSecond, ' events/s'), detail: `${readable(m.restored.import.seconds, ' s', 1)}` },
    { measure: 'verify', value: readable(perS(m.verified.events, m.verified.seconds), ' events/s'), detail: `log checks, rebuild from zero, ${m.verified.snapshotsCompared} snapshots compared, in ${readable(m.verified.seconds, ' s', 1)}` },
  );
  const figures: Record<string, number> = {
    events, pods: m.built.pods, build_s: round(m.built.seconds, 1), log_mib: round(m.logBytes / MB, 1),
    rebuild_events_per_s: Math.round(perS(events, m.rebuildSeconds)), snapshot_rebuild_events_per_s: Math.round(perS(events, m.snapshotSeconds)),
    snapshots: m.snapshots, snapshot_mib: round(m.snapshotBytes / MB, 1), startup_from_snapshot_ms: Math.round(m.startupMs),
    time_to_position_ms: round(m.timeToPositionMs, 1),
    watches: m.options.watches,
    export_events_per_s: Math.round(m.exported.perSecond), export_mib: round(m.exported.bytes / MB, 1),
    restore_check_events_per_s: Math.round(m.restored.check.perSecond), restore_import_events_per_s: Math.round(m.restored.import.perSecond),
    verify_events_per_s: Math.round(perS(m.verified.events, m.verified.seconds)),
  };
  for (const w of m.watches) {
    figures[`watches_${w.back}_back_open_s`] = round(w.seconds, 2);
    figures[`watches_${w.back}_back_heap_mib`] = round(w.heapMb, 1);
  }
  for (const [name, { with: w, without }] of Object.entries(m.atLatency)) {
    figures[`get_at_${name}_ms`] = round(w.p50Ms, 1);
    figures[`get_at_${name}_max_ms`] = round(w.maxMs, 1);
    figures[`get_at_${name}_without_snapshots_ms`] = Math.round(without.p50Ms);
  }
  return {
    title: `kes history: ${readable(events)} events (SQLite), snapshots every ${readable(m.options.snapshotEvery)} events`,
    rows,
    figures,
    notes: [
      'get --at: GET /api/v1/namespaces/bench/pods?limit=500&resourceVersion=P&resourceVersionMatch=Exact, the first page kubectl asks for, each sample at a distinct position (the server keeps the last 4 points it rebuilt)',
      'without snapshots every past point is replayed from the first event, as kes did before snapshots',
    ],
  };
}
