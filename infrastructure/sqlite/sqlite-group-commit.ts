import type Database from 'better-sqlite3';
import { AppendPlan, type AppendOutcome, type AppendRequest } from './sqlite-append-plan.js';
import { LogIndex } from './sqlite-log-index.js';
import { LogWriter } from './sqlite-log-writer.js';

/** What the writer thread answers for one group: an outcome per append, and how far the index tables reach. */
export type CommitAnswer = Readonly<{ outcomes: readonly AppendOutcome[]; indexedTo: number }>;

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
    if (plan.rows.length === 0) return { outcomes, indexedTo: this.index.indexedPosition };
    const streams = this.index.due();
    try {
      this.writer.write({ head: this.index.headPosition, rows: plan.rows, streams });
    } catch (error) {
      const { message, code } = error as { message?: string; code?: string };
      const failure = { message: message ?? String(error), ...(code ? { code } : {}) };
      return { outcomes: appends.map((append) => ({ id: append.id, error: failure })), indexedTo: this.index.indexedPosition };
    }
    this.index.committed(plan.written, streams);
    return { outcomes, indexedTo: this.index.indexedPosition };
  }

  /** Writes the stream index up to the head, so the next open has nothing to catch up. */
  indexAll(): void {
    const rest = this.index.due(true);
    if (!rest) return;
    this.writer.write({ head: this.index.headPosition, rows: [], streams: rest });
    this.index.committed([], rest);
  }
}
