import Database from 'better-sqlite3';
import type { EventMetadata, RecordedEvent } from '../../domain/shared/event.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    metadata TEXT    NOT NULL,
    UNIQUE (stream, revision)
  )`;

/** A row of the events table, as better-sqlite3 returns it. */
export type EventRow = Readonly<{
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}>;

/** Where a stored event stands. */
export type EventLocation = Readonly<{ revision: number; position: number }>;

/** The statements the store runs, prepared once. */
export type Statements = ReturnType<typeof prepareStatements>;

/**
 * Opens (creating if missing) an event database. WAL with `synchronous = FULL` fsyncs the log on every
 * commit, so a committed append survives `kill -9` and power loss.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, number, string, string, string], void>(
      'INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    locationById: db.prepare<[string], EventLocation>('SELECT revision, position FROM events WHERE id = ?'),
    streamHead: db.prepare<[string], EventLocation>(
      'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    ),
    readStream: db.prepare<[string], EventRow>('SELECT * FROM events WHERE stream = ? ORDER BY revision'),
    readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    headPosition: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
  };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as RecordedEvent['data'],
    metadata: JSON.parse(row.metadata) as EventMetadata,
  };
}
