import type Database from 'better-sqlite3';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import type { Statements } from './sqlite-schema.js';

type PendingAppend = Readonly<{
  stream: string;
  events: readonly EventToAppend[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}>;

type Outcome = { ok: true; result: AppendResult; written: RecordedEvent[] } | { ok: false; error: unknown };

/**
 * Group commit: appends that arrive before the next tick are written in one transaction (one fsync).
 * Each append is checked against its own expected revision inside that transaction, so it sees the
 * appends before it in the same batch, and runs in its own savepoint, so one failing append does not
 * undo the others.
 */
export class GroupCommit {
  private queue: PendingAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly writeBatch: (batch: readonly PendingAppend[]) => Outcome[];
  private readonly writeOne: (append: PendingAppend) => Outcome;

  constructor(
    db: Database.Database,
    private readonly statements: Statements,
    private readonly onCommitted: (events: readonly RecordedEvent[]) => void,
  ) {
    this.writeOne = db.transaction((append: PendingAppend) => this.write(append));
    this.writeBatch = db.transaction((batch: readonly PendingAppend[]) => batch.map((append) => this.attempt(append)));
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes whatever is queued now. Synchronous: when it returns, every queued append is settled. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.writeBatch(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    this.onCommitted(outcomes.flatMap((outcome) => (outcome.ok ? outcome.written : [])));
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error)));
  }

  private attempt(append: PendingAppend): Outcome {
    try {
      return this.writeOne(append);
    } catch (error) {
      return { ok: false, error };
    }
  }

  private write({ stream, events, expected }: PendingAppend): Outcome {
    const stored = events.map((event) => this.statements.locationById.get(event.id));
    if (stored.some((location) => location !== undefined)) {
      const last = stored[stored.length - 1];
      if (stored.some((location) => location === undefined) || !last) {
        throw new Error(
          `append to stream "${stream}": some of its event ids are already stored and some are not; ` +
            'a retried command must carry exactly the events of its first attempt',
        );
      }
      return { ok: true, result: { ok: true, ...last }, written: [] };
    }
    const head = this.statements.streamHead.get(stream) ?? { revision: -1, position: 0 };
    if (expected !== 'any' && expected !== head.revision) {
      return { ok: true, result: { ok: false, expected, actual: head.revision }, written: [] };
    }
    const written = events.map((event, i) => this.insert(stream, head.revision + 1 + i, event));
    const last = written[written.length - 1] ?? head;
    return { ok: true, result: { ok: true, revision: last.revision, position: last.position }, written };
  }

  private insert(stream: string, revision: number, event: EventToAppend): RecordedEvent {
    const data = JSON.stringify(event.data ?? null);
    const metadata = JSON.stringify(event.metadata);
    const { lastInsertRowid } = this.statements.insert.run(event.id, stream, revision, event.type, data, metadata);
    return {
      id: event.id,
      stream,
      revision,
      position: Number(lastInsertRowid),
      type: event.type,
      data: JSON.parse(data) as RecordedEvent['data'],
      metadata: JSON.parse(metadata) as RecordedEvent['metadata'],
    };
  }
}
