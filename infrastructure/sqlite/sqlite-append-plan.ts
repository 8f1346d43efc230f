import type { AppendResult, ExpectedRevision } from '../../application/ports/event-store.js';
import type { IndexEntry, LogIndex } from './sqlite-log-index.js';
import type { LogRow } from './sqlite-log-writer.js';
import type { EventLocation } from './sqlite-schema.js';

/**
 * An append as the writer thread receives it. `records` are the events' stored JSON without its end:
 * `{"id":…,"stream":…,"type":…,"data":…,"metadata":…` (the revision and position are added here).
 */
export type AppendRequest = Readonly<{
  stream: string;
  expected: ExpectedRevision;
  ids: readonly string[];
  records: readonly string[];
}>;

/** How an append ended: `written` events are new (0 for a retry or a conflict). */
export type AppendOutcome = Readonly<{ result: AppendResult; written: number } | { error: Readonly<{ message: string; code?: string }> }>;

/**
 * The appends of one group commit, decided in order before anything is written: each sees the log as the
 * appends before it in the group leave it (retried ids, stream heads), so a refused append leaves no
 * trace and the others need no savepoint.
 */
export class AppendPlan {
  readonly rows: LogRow[] = [];
  readonly written: IndexEntry[] = [];
  private readonly heads = new Map<string, EventLocation>();
  private readonly ids = new Map<string, EventLocation>();
  private readonly stored: ReadonlyMap<string, EventLocation>;
  private position: number;

  constructor(
    private readonly index: LogIndex,
    appends: readonly AppendRequest[],
  ) {
    this.stored = index.locate(appends.flatMap((append) => append.ids));
    this.position = index.headPosition;
  }

  decide(append: AppendRequest): AppendOutcome {
    try {
      return this.decideOrThrow(append);
    } catch (error) {
      return { error: { message: error instanceof Error ? error.message : String(error) } };
    }
  }

  private decideOrThrow({ stream, expected, ids, records }: AppendRequest): AppendOutcome {
    const stored = this.retried(stream, ids);
    if (stored) return { result: { ok: true, ...stored }, written: 0 };
    const head = this.heads.get(stream) ?? this.index.headOf(stream);
    if (expected !== 'any' && expected !== head.revision) return { result: { ok: false, expected, actual: head.revision }, written: 0 };
    let last = head;
    records.forEach((record, i) => {
      last = { revision: last.revision + 1, position: ++this.position };
      this.rows.push({ id: ids[i]!, record: `${record},"revision":${last.revision},"position":${last.position}}` });
      this.written.push({ id: ids[i]!, stream, location: last });
      this.ids.set(ids[i]!, last);
    });
    this.heads.set(stream, last);
    return { result: { ok: true, ...last }, written: records.length };
  }

  /** Where the events of a retried append stand; undefined for new events. */
  private retried(stream: string, ids: readonly string[]): EventLocation | undefined {
    if (new Set(ids).size < ids.length) {
      const twice = ids.find((id, i) => ids.indexOf(id) < i);
      throw new Error(`append to stream "${stream}": event id ${twice} appears twice; each event needs an id of its own`);
    }
    const stored = ids.map((id) => this.ids.get(id) ?? this.stored.get(id));
    if (stored.every((location) => location === undefined)) return undefined;
    const last = stored[stored.length - 1];
    if (!last || stored.some((location) => location === undefined))
      throw new Error(
        `append to stream "${stream}": some of its event ids are already stored and some are not; ` +
          'a retried command must carry exactly the events of its first attempt',
      );
    return last;
  }
}
