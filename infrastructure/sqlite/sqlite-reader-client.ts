import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../../domain/shared/event.js';
import type { PageAnswer, PageRequest } from './sqlite-reader-thread.js';
import { decodeRecords } from './sqlite-record.js';

/** Pages at least this long are read ahead: someone reading the log in such pages will likely ask for the next. */
const READ_AHEAD_FROM = 1000;

type Ahead = Readonly<{ after: number; limit: number; records: Promise<string[] | undefined> }>;

/**
 * Reads the log in pages, from the background thread (sqlite-reader-thread) where it can: when a page
 * of `limit` records is returned, the next one is read there while the caller decodes and uses this
 * one, so on two cores the two halves of reading the log overlap. A page read ahead is used only if it
 * is full: positions never change, so the `limit` records after a position are the same at any later
 * time, while a short page may have missed later commits. The thread ends when the store closes; until
 * then it holds no process open.
 */
export class ReaderThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (records: string[] | undefined) => void>();
  private nextId = 0;
  private ahead: Ahead | undefined;
  private alive = true;
  private readonly exited: Promise<void>;

  constructor(
    file: string,
    private readonly readNow: (after: number, limit: number) => string[],
  ) {
    this.worker = new Worker(new URL('./sqlite-reader-thread.js', import.meta.url), { workerData: { file } });
    this.worker.unref();
    this.worker.on('message', (answer: PageAnswer) => this.answered(answer.id, 'records' in answer ? answer.records : undefined));
    this.worker.on('error', () => this.answerAll()); // reads go on without it
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.answerAll());
  }

  /** Up to `limit` events after `after`, in position order. */
  async page(after: number, limit: number): Promise<RecordedEvent[]> {
    const ahead = this.ahead;
    this.ahead = undefined;
    const early = ahead && ahead.after === after && ahead.limit === limit ? await ahead.records : undefined;
    const records = early?.length === limit ? early : this.readNow(after, limit);
    if (records.length === limit && limit >= READ_AHEAD_FROM && this.alive) this.readAhead(after + limit, limit);
    return decodeRecords(records); // while the next page is read
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }

  /** Positions are contiguous, so the next page starts after `after` + `limit`. */
  private readAhead(after: number, limit: number): void {
    const id = this.nextId++;
    const request: PageRequest = { id, after, limit };
    const records = new Promise<string[] | undefined>((resolve) => this.waiting.set(id, resolve));
    this.ahead = { after, limit, records };
    this.worker.postMessage(request);
  }

  private answered(id: number, records: string[] | undefined): void {
    this.waiting.get(id)?.(records);
    this.waiting.delete(id);
  }

  private answerAll(): void {
    this.alive = false;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}
