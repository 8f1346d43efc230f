/**
 * The event store's background thread (see ReaderThread), on its own connection: it reads pages of the
 * log ahead of a reader, and it copies the WAL into the database file (a passive checkpoint, which never
 * blocks the writer) every CHECKPOINT_MS, so that the writer's own checkpoints find little left to copy.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** Read up to `limit` records after `after`. */
export type PageRequest = Readonly<{ id: number; after: number; limit: number }>;
export type PageAnswer = Readonly<{ id: number; records: string[] } | { id: number; error: string }>;

const CHECKPOINT_MS = 100;

const port = parentPort;
if (!port) throw new Error('sqlite-reader-thread runs as a worker thread');
const db = new Database((workerData as { file: string }).file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const page = db.prepare<[number, number], string>('SELECT record FROM events WHERE position > ? ORDER BY position LIMIT ?').pluck();
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // the writer's own checkpoints keep the WAL bounded; this one only spares them work
  }
}, CHECKPOINT_MS);

port.on('message', (message: PageRequest | 'close') => {
  if (message === 'close') {
    clearInterval(timer);
    db.close();
    port.close();
    return;
  }
  const { id, after, limit } = message;
  let answer: PageAnswer;
  try {
    answer = { id, records: page.all(after, limit) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
