import type { RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore } from '../ports/event-store.js';
import type { ProjectionSnapshots } from '../ports/projection-snapshots.js';
import { ReadModels } from '../projections/read-models.js';
import { differenceLine, stateDifferences } from './state-differences.js';

const PAGE = 10_000;

export type VerifyReport = Readonly<{
  events: number;
  /** Problems of the log itself: gaps, revisions out of order, ids seen twice. */
  logProblems: number;
  snapshotsCompared: number;
  differences: number;
}>;

/** Checks one event against the ones before it: positions from 1 one by one, each stream's revisions from 0, ids once. */
class LogChecks {
  private last = 0;
  private readonly ids = new Set<string>();
  private readonly revisions = new Map<string, number>();

  problem(event: RecordedEvent): string | undefined {
    const expected = this.last + 1;
    this.last = event.position;
    const revision = (this.revisions.get(event.stream) ?? -1) + 1;
    this.revisions.set(event.stream, event.revision);
    if (event.position !== expected) return `position ${event.position} follows position ${expected - 1}: the log has a gap or is out of order`;
    if (event.revision !== revision) return `position ${event.position}: stream ${event.stream} is at revision ${event.revision}, not ${revision}`;
    if (this.ids.has(event.id)) return `position ${event.position}: event id ${event.id} was used before`;
    this.ids.add(event.id);
    return undefined;
  }
}

/**
 * Reads the whole log once (up to its head when the check begins, or the newest snapshot if that is further), checks
 * it, and folds it into fresh read models; at each snapshot's position compares them with it, reporting each
 * difference as a line. Read-only, so it can run beside the cluster that writes the log.
 */
export async function verifyHistory(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  snapshots: Pick<ProjectionSnapshots, 'positions' | 'load'>,
  report: (line: string) => void,
): Promise<VerifyReport> {
  const kept = await snapshots.positions();
  const upTo = Math.max(await store.headPosition(), kept.at(-1) ?? 0);
  const models = new ReadModels();
  const checks = new LogChecks();
  let events = 0;
  let logProblems = 0;
  let snapshotsCompared = 0;
  let differences = 0;
  let next = 0;
  const compareAt = async (position: number) => {
    for (; next < kept.length && kept[next]! <= position; next++) {
      const at = kept[next]!;
      if (at !== position) {
        report(`snapshot at ${at}: the log holds no event at that position`);
        differences++;
        continue;
      }
      const state = await snapshots.load(at);
      if (!state) {
        report(`snapshot at ${at}: cannot be read`);
        differences++;
        continue;
      }
      snapshotsCompared++;
      for (const difference of stateDifferences(models.snapshot(), state)) {
        report(`snapshot at ${at}: ${differenceLine(difference, 'snapshot')}`);
        differences++;
      }
    }
  };
  for (let after = 0; after < upTo; ) {
    const page = await store.readAll(after, Math.min(PAGE, upTo - after));
    if (page.length === 0) break;
    for (const event of page) {
      const problem = checks.problem(event);
      if (problem) {
        report(`log: ${problem}`);
        logProblems++;
      }
      models.apply(event);
      events++;
      await compareAt(event.position);
    }
    after = page.at(-1)!.position;
  }
  for (; next < kept.length; next++) {
    report(`snapshot at ${kept[next]}: the log holds no event at that position`);
    differences++;
  }
  return { events, logProblems, snapshotsCompared, differences };
}
