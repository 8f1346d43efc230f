import type Database from 'better-sqlite3';

/**
 * Layout 0 (files written before layout versions) kept each event in columns, with unique indexes on
 * `id` and `(stream, revision)` that every append had to update. Layout 1 keeps one JSON record per
 * event; this rewrites the rows in place, in the caller's transaction. The stream index is then
 * filled from the records when the store opens, as after a crash.
 */
export function migrateFromColumns(db: Database.Database): void {
  db.exec(`
    ALTER TABLE events RENAME TO events_layout0;
    CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL);
    INSERT INTO events (position, id, record)
      SELECT position, id, json_object(
        'id', id, 'stream', stream, 'type', type, 'data', json(data), 'metadata', json(metadata),
        'revision', revision, 'position', position)
      FROM events_layout0 ORDER BY position;
    DROP TABLE events_layout0;`);
}
