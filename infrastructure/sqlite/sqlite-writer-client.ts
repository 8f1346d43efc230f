import { Worker } from 'node:worker_threads';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import type { AppendOutcome } from './sqlite-append-plan.js';
import type { CommitAnswer } from './sqlite-group-commit.js';
import { noAppends, WRITER_BUSY, WRITER_IDLE, type WriterData, type WriterMessage } from './sqlite-writer-protocol.js';

/** A group the writer committed: its new events in position order, and how far the stream index reaches. */
export type Committed = Readonly<{ events: readonly RecordedEvent[]; indexedTo: number }>;

/** Appends that go to an idle writer without waiting for the end of the tick. */
const GROUP = 32;

type Waiting = Readonly<{
  stream: string;
  events: readonly EventToAppend[];
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}>;

/**
 * The log's writer, on a worker thread (sqlite-writer-thread). Appends gather here and go over as one
 * group when the writer is idle: at the end of this tick, when its last group is answered, or as soon as
 * GROUP of them are waiting, so a long burst of appends is written while it is still being made.
 * Meanwhile this thread goes on accepting appends and answering reads. The worker keeps the
 * process alive only while an append is outstanding, so a store that is never closed holds no process open.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private outbox = noAppends();
  private sendLater: NodeJS.Immediate | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private readonly drained: (() => void)[] = [];
  private nextId = 0;
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
      // The stored record without its end: the writer adds the revision and position.
      const records = events.map((e) => JSON.stringify({ id: e.id, stream, type: e.type, data: e.data ?? null, metadata: e.metadata }).slice(0, -1));
      const id = this.nextId++;
      const outbox = this.outbox;
      outbox.appendIds.push(id);
      outbox.streams.push(stream);
      outbox.expected.push(expected);
      outbox.counts.push(events.length);
      for (const e of events) outbox.eventIds.push(e.id);
      outbox.records.push(...records);
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { stream, events, resolve, reject });
      if (outbox.appendIds.length >= GROUP && this.writerIdle()) this.send();
      else this.sendLater ??= setImmediate(() => this.sendIfIdle());
    });
  }

  /** Resolves when every append made so far is settled. */
  drain(): Promise<void> {
    return this.waiting.size === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
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
    if (this.outbox.appendIds.length === 0) return;
    Atomics.store(this.state, 0, WRITER_BUSY);
    this.post(this.outbox);
    this.outbox = noAppends();
  }

  private post(message: WriterMessage): void {
    this.worker.postMessage(message);
  }

  private answered({ outcomes, indexedTo }: CommitAnswer): void {
    this.sendIfIdle(); // the next group first, so it is written while these appends are answered
    const events: RecordedEvent[] = [];
    const settled = outcomes.map((outcome) => {
      const waiting = this.waiting.get(outcome.id)!;
      this.waiting.delete(outcome.id);
      if ('result' in outcome) events.push(...recorded(waiting, outcome));
      return { waiting, outcome };
    });
    try {
      this.onCommitted({ events, indexedTo });
    } finally {
      for (const { waiting, outcome } of settled)
        if ('result' in outcome) waiting.resolve(outcome.result);
        else waiting.reject(Object.assign(new Error(outcome.error.message), outcome.error.code ? { code: outcome.error.code } : {}));
      if (this.waiting.size === 0) this.idle();
    }
  }

  private idle(): void {
    this.worker.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
    this.idle();
  }
}

/** The events an append wrote, as recorded. */
function recorded({ stream, events }: Waiting, outcome: Extract<AppendOutcome, { written: number }>): RecordedEvent[] {
  const { result, written } = outcome;
  if (!result.ok || written === 0) return [];
  return events.map((e, i) => ({
    id: e.id,
    stream,
    type: e.type,
    data: e.data ?? null,
    metadata: e.metadata,
    revision: result.revision - written + 1 + i,
    position: result.position - written + 1 + i,
  }));
}
