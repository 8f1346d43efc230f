import { Worker } from 'node:worker_threads';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { encodeRecord } from './sqlite-record.js';
import {
  appendsMessage,
  decodeResult,
  noAppends,
  WRITER_BUSY,
  WRITER_IDLE,
  type CommitAnswer,
  type WriterData,
  type WriterMessage,
} from './sqlite-writer-protocol.js';

/** Events of one append that the writer committed: they went to `stream` from `revision` and `position` on. */
export type Appended = Readonly<{ stream: string; events: readonly EventToAppend[]; revision: number; position: number }>;

/** A group the writer committed: its new events, by append in position order, and how far the stream index reaches. */
export type Committed = Readonly<{ appended: readonly Appended[]; indexedTo: number }>;

/**
 * Events that go to an idle writer without waiting for the end of the tick, so a long burst is written
 * while it is still being made. Counted in events, and many of them: each commit pays for an fsync (on
 * the 2-core bench machine about as much CPU as writing 30 events, and often more time), and sending
 * part of a round of small concurrent appends early would split every later round into two commits.
 */
const GROUP_EVENTS = 1024;

/**
 * Many concurrent appends are split into two groups that take turns: one is written and fsynced on the
 * writer thread while this thread answers the other's callers and gathers their next appends, so the
 * two threads work at once instead of in turn (about 1.3× the appends per second at 64 closed-loop
 * clients here). Fewer concurrent appends than twice this are not split: an fsync costs about as much
 * as writing 16 events.
 */
const SPLIT_FROM_APPENDS = 16;

type Waiting = Readonly<{
  stream: string;
  events: readonly EventToAppend[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}>;

/**
 * The log's writer, on a worker thread (sqlite-writer-thread). Appends gather here and go over as one
 * group when the writer is idle: at the end of this tick, when its last group is answered, or as soon as
 * they hold GROUP_EVENTS events or half the appends outstanding (SPLIT_FROM_APPENDS), so a long burst of
 * appends is written while it is still being made.
 * Meanwhile this thread goes on accepting appends and answering reads. The writer answers the appends
 * in the order they were sent. The worker keeps the process alive only while an append is outstanding,
 * so a store that is never closed holds no process open.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private outbox = noAppends();
  private sendLater: NodeJS.Immediate | undefined;
  /** Appends in the outbox at which it goes to an idle writer at once: half of those outstanding at the last answer. */
  private splitAt = Number.POSITIVE_INFINITY;
  /** Appends not answered yet, in the order they go to the writer: those sent, then those in the outbox. */
  private waiting: Waiting[] = [];
  private readonly drained: (() => void)[] = [];
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(file: string, private readonly onCommitted: (committed: Committed) => void) {
    this.worker = new Worker(new URL('./sqlite-writer-thread.js', import.meta.url), {
      workerData: { file, state: this.state } satisfies WriterData,
    });
    this.worker.unref();
    this.worker.on('message', (answer: CommitAnswer) => this.answered(answer));
    this.worker.on('error', (error) => this.fail(new Error(`the event store writer thread failed: ${error.message}`)));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.fail(new Error('the event store writer thread has ended')));
  }

  /** Resolves once the append is decided and, if it wrote events, they are committed and fsynced. */
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const outbox = this.outbox;
      outbox.streams.push(stream);
      outbox.expected.push(expected);
      outbox.counts.push(events.length);
      for (const e of events) {
        outbox.eventIds.push(e.id);
        outbox.records.push(encodeRecord(stream, e));
      }
      if (this.waiting.length === 0) this.worker.ref();
      this.waiting.push({ stream, events, expected, resolve, reject });
      const groupFull = outbox.records.length >= GROUP_EVENTS || outbox.streams.length >= this.splitAt;
      if (groupFull && this.writerIdle()) this.send();
      else this.sendLater ??= setImmediate(() => this.sendIfIdle());
    });
  }

  /** Resolves when every append made so far is settled. */
  drain(): Promise<void> {
    return this.waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }

  /** Ends the thread, which first completes the stream index. Call after `drain`. */
  async close(): Promise<void> {
    if (!this.failure) {
      this.worker.ref();
      this.post({ close: true });
    }
    await this.exited;
  }

  private writerIdle(): boolean {
    return Atomics.load(this.state, 0) === WRITER_IDLE;
  }

  /** Sends the outbox if the writer is idle; if not, its next answer will. */
  private sendIfIdle(): void {
    if (this.sendLater) clearImmediate(this.sendLater);
    this.sendLater = undefined;
    if (this.writerIdle()) this.send();
  }

  private send(): void {
    if (this.sendLater) clearImmediate(this.sendLater);
    this.sendLater = undefined;
    if (this.outbox.streams.length === 0) return;
    Atomics.store(this.state, 0, WRITER_BUSY);
    this.post(appendsMessage(this.outbox));
    this.outbox = noAppends();
  }

  private post(message: WriterMessage): void {
    this.worker.postMessage(message);
  }

  private answered(answer: CommitAnswer): void {
    this.sendIfIdle(); // the next group first, so it is written while these appends are answered
    this.splitAt = Math.max(SPLIT_FROM_APPENDS, Math.ceil(this.waiting.length / 2));
    const answered = this.waiting.splice(0, answer.written.length);
    try {
      this.onCommitted({ appended: appendedBy(answered, answer), indexedTo: answer.indexedTo });
    } finally {
      answered.forEach((waiting, i) => settle(waiting, answer, i));
      if (this.waiting.length === 0) this.idle();
    }
  }

  private idle(): void {
    this.worker.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting) waiting.reject(this.failure);
    this.waiting = [];
    this.idle();
  }
}

/** The appends of `answered` that wrote events, with where their first event went. */
function appendedBy(answered: readonly Waiting[], answer: CommitAnswer): Appended[] {
  const appended: Appended[] = [];
  answered.forEach(({ stream, events }, i) => {
    const written = answer.written[i]!;
    if (written <= 0) return;
    appended.push({ stream, events, revision: answer.revisions[i]! - written + 1, position: answer.positions[i]! - written + 1 });
  });
  return appended;
}

function settle({ expected, resolve, reject }: Waiting, answer: CommitAnswer, index: number): void {
  try {
    resolve(decodeResult(answer, index, expected));
  } catch (error) {
    reject(error as Error);
  }
}

/** The events of `appended`, as recorded. */
export function recordedEvents(appended: readonly Appended[]): RecordedEvent[] {
  return appended.flatMap(({ stream, events, revision, position }) =>
    events.map((e, i) => ({
      id: e.id,
      stream,
      type: e.type,
      data: e.data ?? null,
      metadata: e.metadata,
      revision: revision + i,
      position: position + i,
    })),
  );
}
