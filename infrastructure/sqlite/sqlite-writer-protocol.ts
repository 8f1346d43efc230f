import type { AppendResult, ExpectedRevision } from '../../application/ports/event-store.js';
import type { AppendOutcome, AppendRequest } from './sqlite-append-plan.js';

/**
 * Appends gathered for the writer thread, in columns (arrays of strings and numbers are much cheaper
 * to copy between threads than objects): per append its stream, expected revision and number of events;
 * per event its id and its record (see AppendRequest).
 */
export type AppendColumns = {
  streams: string[];
  expected: ExpectedRevision[];
  counts: number[];
  eventIds: string[];
  records: string[];
};

/**
 * Appends as they go over: the records as one string, a line each (JSON text has no raw line breaks),
 * since one long string is much cheaper to copy between threads than many short ones.
 */
export type AppendsMessage = Readonly<Omit<AppendColumns, 'records'> & { records: string }>;

/** What the writer thread is told: appends, in order, or `close`. */
export type WriterMessage = AppendsMessage | Readonly<{ close: true }>;

/** `written` of an append refused for its expected revision; `revisions` then holds the stream's actual one. */
export const CONFLICT = -1;
/** `written` of an append that failed; `failures` says why. */
export const FAILED = -2;

/**
 * What the writer thread answers for one group: the outcome of each append it was sent, in the order
 * sent, in columns. Per append: how many of its events are new (0 for a retry), or CONFLICT, or FAILED;
 * and where its stream's last event stands.
 */
export type CommitAnswer = Readonly<{
  written: number[];
  revisions: number[];
  positions: number[];
  failures: Readonly<{ index: number; message: string; code?: string }>[];
  /** How far the stream index reaches after this group. */
  indexedTo: number;
}>;

/** The writer thread's start-up data. */
export type WriterData = Readonly<{ file: string; state: Int32Array }>;

/** `state[0]` when the writer waits for appends: the next ones should be sent at once. */
export const WRITER_IDLE = 0;
/** `state[0]` from when appends are sent until the writer has committed every one it was sent. */
export const WRITER_BUSY = 1;

export const noAppends = (): AppendColumns => ({ streams: [], expected: [], counts: [], eventIds: [], records: [] });

export const appendsMessage = (columns: AppendColumns): AppendsMessage => ({ ...columns, records: columns.records.join('\n') });

/** The appends of `message`, pushed onto `appends`. */
export function unpackAppends(message: AppendsMessage, appends: AppendRequest[]): void {
  const records = message.records.split('\n');
  let event = 0;
  message.counts.forEach((count, i) => {
    const ids = message.eventIds.slice(event, event + count);
    appends.push({ stream: message.streams[i]!, expected: message.expected[i]!, ids, records: records.slice(event, event + count) });
    event += count;
  });
}

/** A group's outcomes, as its answer. */
export function encodeAnswer(outcomes: readonly AppendOutcome[], indexedTo: number): CommitAnswer {
  const answer: CommitAnswer = { written: [], revisions: [], positions: [], failures: [], indexedTo };
  outcomes.forEach((outcome, index) => {
    if ('error' in outcome) {
      answer.written.push(FAILED);
      answer.revisions.push(-1);
      answer.positions.push(0);
      answer.failures.push({ index, ...outcome.error });
    } else if (outcome.result.ok) {
      answer.written.push(outcome.written);
      answer.revisions.push(outcome.result.revision);
      answer.positions.push(outcome.result.position);
    } else {
      answer.written.push(CONFLICT);
      answer.revisions.push(outcome.result.actual);
      answer.positions.push(0);
    }
  });
  return answer;
}

/** The result of the `index`th append of `answer`, which expected `expected`; throws its failure. */
export function decodeResult(answer: CommitAnswer, index: number, expected: ExpectedRevision): AppendResult {
  const written = answer.written[index]!;
  const revision = answer.revisions[index]!;
  if (written === CONFLICT) return { ok: false, expected, actual: revision };
  if (written === FAILED) {
    const { message, code } = answer.failures.find((failure) => failure.index === index)!;
    throw Object.assign(new Error(message), code ? { code } : {});
  }
  return { ok: true, revision, position: answer.positions[index]! };
}
