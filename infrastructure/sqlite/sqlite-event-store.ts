import type Database from 'better-sqlite3';
import type { Observable } from 'rxjs';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { ensureOwnerOnlyFile, restrictToOwnerIfPresent } from '../system/owner-only.js';
import { catchUpIndex } from './sqlite-log-index.js';
import { ReaderThread } from './sqlite-reader-client.js';
import { RecentStreams } from './sqlite-recent-streams.js';
import { decodeRecords } from './sqlite-record.js';
import { openDatabase, prepareStatements, type Statements } from './sqlite-schema.js';
import { tailLog, type CommitListener } from './sqlite-tail.js';
import { recordedEvents, WriterThread, type Committed } from './sqlite-writer-client.js';

/**
 * The embedded event store: one SQLite file, written by this process only. A worker thread writes it
 * (WriterThread, group commit); reads run on this thread's own connection, and a second worker thread
 * reads long pages of the log ahead of whoever reads them (ReaderThread).
 */
export class SqliteEventStore implements EventStore {
  private readonly listeners = new Set<CommitListener>();
  private readonly writer: WriterThread;
  private readonly reader: ReaderThread;
  private closing: Promise<void> | undefined;

  private constructor(
    file: string,
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly recent: RecentStreams,
  ) {
    this.writer = new WriterThread(file, (committed) => this.committed(committed));
    this.reader = new ReaderThread(file, (after, limit) => this.statements.readAll.all(after, limit));
  }

  /**
   * Opens the store in `file`, creating the file and its schema if missing. The log holds every object the cluster
   * ever had, so the file is made 0600 before SQLite opens it (SQLite would make it 0644); SQLite gives its -wal and
   * -shm files the database file's mode, but ones left by an older kes keep theirs, so they are tightened too.
   */
  static open(file: string): SqliteEventStore {
    ensureOwnerOnlyFile(file);
    const db = openDatabase(file);
    try {
      for (const companion of [`${file}-wal`, `${file}-shm`]) restrictToOwnerIfPresent(companion);
      const head = catchUpIndex(db);
      return new SqliteEventStore(file, db, prepareStatements(db), new RecentStreams(head));
    } catch (error) {
      db.close();
      throw error;
    }
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error(`cannot append to stream "${stream}": the event store is closed`));
    if (expected !== 'any' && !(Number.isSafeInteger(expected) && expected >= -1)) {
      return Promise.reject(new Error(`cannot append to stream "${stream}": expected revision ${expected} is not -1, 'any' or a revision`));
    }
    return this.writer.append(stream, events, expected);
  }

  readStream(stream: string): Promise<RecordedEvent[]> {
    return this.read(() => decodeRecords(this.statements.readStream.all(stream, this.recent.unindexed(stream))));
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    if (this.closing) throw new Error('cannot read: the event store is closed');
    return this.reader.page(after, limit);
  }

  headPosition(): Promise<number> {
    return this.read(() => this.recent.headPosition);
  }

  subscribe(after: number): Observable<RecordedEvent> {
    return tailLog(
      {
        readAll: (from, limit) => this.readAllNow(from, limit),
        listen: (listener) => {
          if (this.closing) listener.closed();
          else this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      after,
    );
  }

  /** Writes what is queued, completes the subscriptions and closes the file. Closing twice is harmless. */
  close(): Promise<void> {
    this.closing ??= this.writer.drain().then(async () => {
      for (const listener of [...this.listeners]) listener.closed();
      this.listeners.clear();
      await Promise.all([this.writer.close(), this.reader.close()]);
      this.db.close();
    });
    return this.closing;
  }

  private readAllNow(after: number, limit: number): RecordedEvent[] {
    if (!this.db.open) throw new Error('cannot read: the event store is closed');
    return decodeRecords(this.statements.readAll.all(after, limit));
  }

  private read<T>(query: () => T): Promise<T> {
    if (this.closing) return Promise.reject(new Error('cannot read: the event store is closed'));
    try {
      return Promise.resolve(query());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private committed(committed: Committed): void {
    this.recent.committed(committed);
    if (committed.appended.length === 0 || this.listeners.size === 0) return;
    const events = recordedEvents(committed.appended);
    for (const listener of [...this.listeners]) listener.committed(events);
  }
}
