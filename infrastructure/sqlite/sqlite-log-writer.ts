import type Database from 'better-sqlite3';

/** Rows for the stream index, as JSON: `[[stream, first revision, [position, …]], …]`. */
export type StreamBatch = Readonly<{ rows: string; upTo: number }>;

/** An event to insert. `record` is the recorded event as JSON. */
export type LogRow = Readonly<{ id: string; record: string }>;

/** One transaction: the log must end at `head`; the rows go at `head + 1…`, and the stream batch, if any. */
export type WriteRequest = Readonly<{ head: number; rows: readonly LogRow[]; streams?: StreamBatch }>;

/** Writes the log on its own connection: one durable transaction per request. */
export class LogWriter {
  private readonly transaction: (request: WriteRequest) => void;

  constructor(private readonly file: string, db: Database.Database) {
    const insert = db.prepare<[number, string, string], void>('INSERT INTO events (position, id, record) VALUES (?, ?, ?)');
    const headPosition = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck();
    const indexStreams = db.prepare<[string], void>(
      `INSERT INTO stream_index (stream, first_revision, positions)
       SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) ORDER BY 1`,
    );
    const setIndexedTo = db.prepare<[number], void>('UPDATE indexed_to SET position = ?');
    const write = db.transaction(({ head, rows, streams }: WriteRequest) => {
      const actual = headPosition.get() ?? 0;
      if (actual !== head) throw new Error(this.foreignWriter(actual, head));
      if (streams) {
        indexStreams.run(streams.rows);
        setIndexedTo.run(streams.upTo);
      }
      rows.forEach(({ id, record }, i) => insert.run(head + 1 + i, id, record));
    });
    this.transaction = (request) => write.immediate(request);
  }

  write(request: WriteRequest): void {
    this.transaction(request);
  }

  private foreignWriter(actual: number, expected: number): string {
    return (
      `the event store ${this.file} ends at position ${actual}, not ${expected}: another process wrote to it; ` +
      'only one process may write an event store file (stop the other writer, then reopen the store)'
    );
  }
}
