import type Database from 'better-sqlite3';
import { AppendPlan, type AppendRequest } from './sqlite-append-plan.js';
import { LogIndex } from './sqlite-log-index.js';
import { LogWriter } from './sqlite-log-writer.js';
import { encodeAnswer, type CommitAnswer } from './sqlite-writer-protocol.js';

/**
 * Group commit, on the writer thread: the appends that arrived while the last group was being written
 * and fsynced are decided together (AppendPlan) and written in one transaction, so one fsync makes
 * them all durable. When the stream index is due, the same transaction also writes it.
 */
export class GroupCommit {
  private readonly index: LogIndex;
  private readonly writer: LogWriter;

  constructor(file: string, db: Database.Database) {
    this.index = new LogIndex(db);
    this.writer = new LogWriter(file, db);
  }

  commit(appends: readonly AppendRequest[]): CommitAnswer {
    const plan = new AppendPlan(this.index, appends);
    const outcomes = appends.map((append) => plan.decide(append));
    if (plan.rows.length === 0) return encodeAnswer(outcomes, this.index.indexedPosition);
    const streams = this.index.due();
    try {
      this.writer.write({ head: this.index.headPosition, rows: plan.rows, streams });
    } catch (error) {
      const { message, code } = error as { message?: string; code?: string };
      const failure = { message: message ?? String(error), ...(code ? { code } : {}) };
      return encodeAnswer(appends.map(() => ({ error: failure })), this.index.indexedPosition);
    }
    this.index.committed(plan.written, streams);
    return encodeAnswer(outcomes, this.index.indexedPosition);
  }

  /** Writes the stream index up to the head, so the next open has nothing to catch up. */
  indexAll(): void {
    const rest = this.index.due(true);
    if (!rest) return;
    this.writer.write({ head: this.index.headPosition, rows: [], streams: rest });
    this.index.committed([], rest);
  }
}
