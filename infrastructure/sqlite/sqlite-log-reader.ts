import Database from 'better-sqlite3';
import { EMPTY, type Observable } from 'rxjs';
import type { AppendResult, EventStore } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { decodeRecords } from './sqlite-record.js';

/**
 * An event store file opened read-only, for checking a log (kesadm verify) while its own process may be writing it:
 * SQLite's WAL lets readers alongside the one writer, and this connection never writes — it neither creates the
 * schema, nor indexes, nor checkpoints. It reads the log in position order; it appends nothing and follows nothing.
 */
export class SqliteLogReader implements EventStore {
  private readonly readAllStatement;
  private readonly head;

  private constructor(private readonly db: Database.Database) {
    this.readAllStatement = db.prepare<[number, number], string>('SELECT record FROM events WHERE position > ? ORDER BY position LIMIT ?').pluck();
    this.head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck();
  }

  static open(file: string): SqliteLogReader {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return new SqliteLogReader(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Each page is read in a transaction of its own, so it is one consistent view of the log. */
  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    return decodeRecords(this.readAllStatement.all(after, limit));
  }

  async headPosition(): Promise<number> {
    return this.head.get() ?? 0;
  }

  append(stream: string): Promise<AppendResult> {
    return Promise.reject(new Error(`cannot append to stream "${stream}": the event store is open read-only`));
  }

  readStream(stream: string): Promise<RecordedEvent[]> {
    return Promise.reject(new Error(`cannot read stream "${stream}": a read-only log reads only the whole log in order`));
  }

  subscribe(): Observable<RecordedEvent> {
    return EMPTY;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
