import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { ensureOwnerOnlyFile } from '../system/owner-only.js';
import { encodeRecord } from './sqlite-record.js';
import { openDatabase } from './sqlite-schema.js';

/**
 * Writes recorded events into a new event store file as they were recorded elsewhere (a restore): the same ids,
 * streams, revisions and positions. One transaction per batch, which must start right after the file's head and
 * follow on position by position; each batch also writes its rows of the stream index, so the file opens as if
 * its own writer had written it.
 */
export class SqliteBulkImport {
  private readonly insert;
  private readonly indexStreams;
  private readonly setIndexedTo;
  private readonly headPosition;
  private readonly heads = new Map<string, number>();

  private constructor(private readonly file: string, private readonly db: Database.Database) {
    this.insert = db.prepare<[number, string, string], void>('INSERT INTO events (position, id, record) VALUES (?, ?, ?)');
    this.indexStreams = db.prepare<[string], void>(
      `INSERT INTO stream_index (stream, first_revision, positions)
       SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) ORDER BY 1`,
    );
    this.setIndexedTo = db.prepare<[number], void>('UPDATE indexed_to SET position = ?');
    this.headPosition = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck();
  }

  /** A new store file: refused if `file` exists (a restore never writes over a log). */
  static create(file: string): SqliteBulkImport {
    if (existsSync(file)) throw new Error(`${file} already exists: a restore writes a new event store, never over one`);
    ensureOwnerOnlyFile(file);
    const db = openDatabase(file);
    db.pragma('synchronous = NORMAL'); // one fsync at close is enough: an interrupted restore is started over
    return new SqliteBulkImport(file, db);
  }

  /** Appends `events` in one transaction; they must continue the file's log position by position and each stream revision by revision. */
  write(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    this.db.transaction(() => {
      const head = this.headPosition.get() ?? 0;
      const streams = new Map<string, [number, number[]]>();
      events.forEach((event, i) => {
        if (event.position !== head + 1 + i)
          throw new Error(`cannot import event ${event.id} at position ${event.position} into ${this.file}: the log there goes on at ${head + 1 + i}`);
        const expected = (this.heads.get(event.stream) ?? -1) + 1;
        if (event.revision !== expected)
          throw new Error(`cannot import event ${event.id}: stream ${event.stream} is at revision ${expected - 1}, the event at ${event.revision}`);
        this.heads.set(event.stream, event.revision);
        const record = `${encodeRecord(event.stream, event)},"revision":${event.revision},"position":${event.position}}`;
        this.insert.run(event.position, event.id, record);
        const indexed = streams.get(event.stream);
        if (indexed) indexed[1].push(event.position);
        else streams.set(event.stream, [event.revision, [event.position]]);
      });
      this.indexStreams.run(JSON.stringify([...streams].map(([stream, [first, positions]]) => [stream, first, positions])));
      this.setIndexedTo.run(events.at(-1)!.position);
    }).immediate();
  }

  /** Makes the file durable and closes it. */
  close(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
