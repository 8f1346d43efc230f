import type { ExpectedRevision } from '../../application/ports/event-store.js';
import type { AppendRequest } from './sqlite-append-plan.js';

/**
 * Appends on their way to the writer thread, in columns (arrays of strings and numbers are much cheaper
 * to copy between threads than objects): per append its id, stream, expected revision and number of
 * events; per event its id and record.
 */
export type AppendColumns = {
  appendIds: number[];
  streams: string[];
  expected: ExpectedRevision[];
  counts: number[];
  eventIds: string[];
  records: string[];
};

/** What the writer thread is told: appends, in order, or `close`. */
export type WriterMessage = AppendColumns | Readonly<{ close: true }>;

/** The writer thread's start-up data. */
export type WriterData = Readonly<{ file: string; state: Int32Array }>;

/** `state[0]` when the writer waits for appends: the next ones should be sent at once. */
export const WRITER_IDLE = 0;
/** `state[0]` from when appends are sent until the writer has committed every one it was sent. */
export const WRITER_BUSY = 1;

export const noAppends = (): AppendColumns => ({ appendIds: [], streams: [], expected: [], counts: [], eventIds: [], records: [] });

/** The appends of `columns`, pushed onto `appends`. */
export function unpackAppends(columns: AppendColumns, appends: AppendRequest[]): void {
  let event = 0;
  columns.appendIds.forEach((id, i) => {
    const count = columns.counts[i]!;
    const ids = columns.eventIds.slice(event, event + count);
    const records = columns.records.slice(event, event + count);
    appends.push({ id, stream: columns.streams[i]!, expected: columns.expected[i]!, ids, records });
    event += count;
  });
}
