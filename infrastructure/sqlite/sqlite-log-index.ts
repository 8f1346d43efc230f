import type Database from 'better-sqlite3';
import type { StreamBatch } from './sqlite-log-writer.js';
import type { EventLocation } from './sqlite-schema.js';

/** An event just written, as the index keeps it. */
export type IndexEntry = Readonly<{ id: string; stream: string; location: EventLocation }>;

/** Events kept in memory before the stream index gets them, in the transaction of a commit. */
const INDEX_EVERY = 4096;
/** Stream heads cached; past that the cache starts over (heads are then read from the index again). */
const HEADS_CACHED = 100_000;
const NO_STREAM: EventLocation = { revision: -1, position: 0 };
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Where the log, each stream and each event id stand, for the writer. The store is the only writer of its
 * file, so it knows the head of every stream it touched. Event ids are indexed by SQLite as they are
 * written (time-ordered ids land at the end of that index); the stream index is written in batches of
 * INDEX_EVERY events, one row per stream and batch, so a batch dirties each index page once where
 * indexing each commit dirtied a page per stream. Events not in the stream index yet are known here;
 * after a crash they are indexed from the log when the store opens (catchUpIndex).
 */
export class LogIndex {
  /** The position of the last committed event. */
  headPosition: number;
  private indexedTo: number;
  /** The greatest stored id, when it is ASCII: a (time-ordered) id beyond it needs no look-up. */
  private greatestId: string | undefined;
  private readonly heads = new Map<string, EventLocation>();
  private pending = new Map<string, EventLocation[]>();
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      headOf: db.prepare<[string], EventLocation>(
        `SELECT first_revision + json_array_length(positions) - 1 AS revision, positions ->> '$[#-1]' AS position
         FROM stream_index WHERE stream = ? ORDER BY first_revision DESC LIMIT 1`,
      ),
      locate: db.prepare<[string], { id: string } & EventLocation>(
        `SELECT id, position, record ->> '$.revision' AS revision FROM events WHERE id IN (SELECT value FROM json_each(?))`,
      ),
    };
    this.indexedTo = db.prepare<[], number>('SELECT position FROM indexed_to').pluck().get() ?? 0;
    this.headPosition = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
    if (this.indexedTo < this.headPosition) this.indexedTo = indexFromLog(db, this.indexedTo, this.headPosition);
    const greatest = db.prepare<[], string | null>('SELECT MAX(id) FROM events').pluck().get() ?? '';
    this.greatestId = ASCII.test(greatest) ? greatest : undefined;
  }

  /** How far the stream index reaches. */
  get indexedPosition(): number {
    return this.indexedTo;
  }

  headOf(stream: string): EventLocation {
    const pending = this.pending.get(stream);
    if (pending) return pending[pending.length - 1]!;
    let head = this.heads.get(stream);
    if (!head) {
      head = this.statements.headOf.get(stream) ?? NO_STREAM;
      this.cacheHead(stream, head);
    }
    return head;
  }

  /** Where the events with these ids stand, for those that are stored. */
  locate(ids: readonly string[]): Map<string, EventLocation> {
    const found = new Map<string, EventLocation>();
    const greatest = this.greatestId;
    const unknown = greatest === undefined ? ids : ids.filter((id) => !(id > greatest && ASCII.test(id)));
    if (unknown.length === 0) return found;
    for (const { id, revision, position } of this.statements.locate.all(JSON.stringify(unknown))) found.set(id, { revision, position });
    return found;
  }

  /** The events not in the stream index yet, when there are enough of them (or any, with `all`). */
  due(all = false): StreamBatch | undefined {
    const count = this.headPosition - this.indexedTo;
    if (count === 0 || (!all && count < INDEX_EVERY)) return undefined;
    const rows = [...this.pending].map(([stream, locations]) => [stream, locations[0]!.revision, locations.map((l) => l.position)]);
    return { rows: JSON.stringify(rows), upTo: this.headPosition };
  }

  /** Takes in a commit: the events it wrote, and the stream batch it also wrote, if any. */
  committed(entries: readonly IndexEntry[], indexed: StreamBatch | undefined): void {
    if (indexed) {
      this.indexedTo = indexed.upTo;
      this.pending = new Map();
    }
    for (const { id, stream, location } of entries) {
      const locations = this.pending.get(stream);
      if (locations) locations.push(location);
      else this.pending.set(stream, [location]);
      this.cacheHead(stream, location);
      if (this.greatestId !== undefined && id > this.greatestId) this.greatestId = ASCII.test(id) ? id : undefined;
    }
    if (entries.length > 0) this.headPosition = entries[entries.length - 1]!.location.position;
  }

  private cacheHead(stream: string, head: EventLocation): void {
    if (this.heads.size >= HEADS_CACHED && !this.heads.has(stream)) this.heads.clear();
    this.heads.set(stream, head);
  }
}

/** Indexes what a crash left out of the stream index; returns the position of the last stored event. */
export function catchUpIndex(db: Database.Database): number {
  const indexedTo = db.prepare<[], number>('SELECT position FROM indexed_to').pluck().get() ?? 0;
  const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
  if (indexedTo < head) indexFromLog(db, indexedTo, head);
  return head;
}

/** Adds the events after `indexedTo`, read from their records, to the stream index; returns `head`. */
function indexFromLog(db: Database.Database, indexedTo: number, head: number): number {
  const index = db.prepare<[number, number], void>(
    `INSERT INTO stream_index (stream, first_revision, positions)
     SELECT stream, MIN(revision), json_group_array(position ORDER BY position) FROM
       (SELECT record ->> '$.stream' AS stream, record ->> '$.revision' AS revision, position
        FROM events WHERE position > ? AND position <= ?)
     GROUP BY stream`,
  );
  const setIndexedTo = db.prepare<[number], void>('UPDATE indexed_to SET position = ?');
  db.transaction(() => {
    index.run(indexedTo, head);
    setIndexedTo.run(head);
  }).immediate();
  return head;
}
