import type Database from 'better-sqlite3';
import type { Observable } from 'rxjs';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { openDatabase, prepareStatements, toRecordedEvent, type Statements } from './sqlite-schema.js';
import { tailLog, type CommitListener } from './sqlite-tail.js';

/** The embedded event store: one SQLite file, written by this process only. */
export class SqliteEventStore implements EventStore {
  private readonly listeners = new Set<CommitListener>();
  private readonly groupCommit: GroupCommit;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
  ) {
    this.groupCommit = new GroupCommit(db, statements, (events) => this.notify(events));
  }

  /** Opens the store in `file`, creating the file and its schema if missing. */
  static open(file: string): SqliteEventStore {
    const db = openDatabase(file);
    return new SqliteEventStore(db, prepareStatements(db));
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error(`cannot append to stream "${stream}": the event store is closed`));
    if (expected !== 'any' && !(Number.isSafeInteger(expected) && expected >= -1)) {
      return Promise.reject(new Error(`cannot append to stream "${stream}": expected revision ${expected} is not -1, 'any' or a revision`));
    }
    return this.groupCommit.append(stream, events, expected);
  }

  readStream(stream: string): Promise<RecordedEvent[]> {
    return this.read(() => this.statements.readStream.all(stream).map(toRecordedEvent));
  }

  readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    return this.read(() => this.readAllNow(after, limit));
  }

  headPosition(): Promise<number> {
    return this.read(() => this.statements.headPosition.get()?.position ?? 0);
  }

  subscribe(after: number): Observable<RecordedEvent> {
    return tailLog(
      {
        readAll: (from, limit) => this.readAllNow(from, limit),
        listen: (listener) => {
          if (this.closed) listener.closed();
          else this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      after,
    );
  }

  /** Writes what is queued, completes the subscriptions and closes the file. Closing twice is harmless. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.groupCommit.flush();
    this.closed = true;
    for (const listener of [...this.listeners]) listener.closed();
    this.listeners.clear();
    this.db.close();
    return Promise.resolve();
  }

  private readAllNow(after: number, limit: number): RecordedEvent[] {
    if (this.closed) throw new Error('cannot read: the event store is closed');
    return this.statements.readAll.all(after, limit).map(toRecordedEvent);
  }

  private read<T>(query: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('cannot read: the event store is closed'));
    try {
      return Promise.resolve(query());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private notify(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of [...this.listeners]) listener.committed(events);
  }
}
