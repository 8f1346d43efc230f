import Database from 'better-sqlite3';
import { migrateFromColumns } from './sqlite-migrate.js';

/** The layout of the file; `PRAGMA user_version` says which one a file has. */
export const LAYOUT_VERSION = 1;

/**
 * `events` is the log: one row per event, in position order, holding the recorded event as JSON (see
 * sqlite-record.ts), so a page of the log is decoded by one JSON.parse per event; its `id` index makes
 * retries idempotent. The stream index is derived from the log and written in batches (see LogIndex),
 * one row per stream and batch: `positions` lists the positions of revisions `first_revision`,
 * `first_revision + 1`, … `indexed_to` says how far it reaches; events after it are indexed again on open.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    record   TEXT    NOT NULL
  );
  CREATE TABLE IF NOT EXISTS stream_index (
    stream         TEXT    NOT NULL,
    first_revision INTEGER NOT NULL,
    positions      TEXT    NOT NULL,
    PRIMARY KEY (stream, first_revision)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS indexed_to (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
    position  INTEGER NOT NULL
  );
  INSERT OR IGNORE INTO indexed_to VALUES (0, 0);`;

/**
 * Opens (creating if missing) an event database. WAL with `synchronous = FULL` fsyncs the log on every
 * commit, so a committed append survives `kill -9` and power loss. Checkpoints (copying the WAL into the
 * file) run every 10,000 pages instead of 1,000, so fewer commits wait for one; a 16 MB page cache keeps
 * the pages of the stream index that a batch touches.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -16384');
    createOrMigrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function createOrMigrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LAYOUT_VERSION)
      throw new Error(`the event store file has layout ${version}, newer than this kes understands (${LAYOUT_VERSION}); upgrade kes`);
    if (version === LAYOUT_VERSION) return;
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('events')").all();
    if (columns.some((column) => column.name === 'data')) migrateFromColumns(db);
    db.exec(SCHEMA);
    db.pragma(`user_version = ${LAYOUT_VERSION}`);
  }).immediate();
}

/** Where a stored event stands. */
export type EventLocation = Readonly<{ revision: number; position: number }>;

/** The statements the store reads with, prepared once. */
export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    readAll: db.prepare<[number, number], string>('SELECT record FROM events WHERE position > ? ORDER BY position LIMIT ?').pluck(),
    /** A stream's events: the indexed ones, and those at the positions in the JSON array given second (not indexed yet). */
    readStream: db.prepare<[string, string], string>(
      `SELECT record FROM events WHERE position IN
         (SELECT p.value FROM stream_index s, json_each(s.positions) p WHERE s.stream = ?
          UNION ALL SELECT value FROM json_each(?))
       ORDER BY position`,
    ).pluck(),
  };
}
