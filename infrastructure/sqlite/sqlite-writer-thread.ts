/**
 * The worker thread that writes an event store file (see WriterThread). It sleeps on `state` (a futex,
 * which wakes faster than a message event) until appends are sent; then it takes every append that has
 * arrived, commits them as one group, marks itself idle and answers with a CommitAnswer, and goes on
 * with whatever arrived meanwhile. `close` makes it complete the stream index, close its connection and end.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { AppendRequest } from './sqlite-append-plan.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { openDatabase } from './sqlite-schema.js';
import { unpackAppends, WRITER_IDLE, type WriterData, type WriterMessage } from './sqlite-writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread runs as a worker thread');
const { file, state } = workerData as WriterData;
const db = openDatabase(file);
const groupCommit = new GroupCommit(file, db);

const next = (from: MessagePort) => receiveMessageOnPort(from)?.message as WriterMessage | undefined;

for (let closing = false; !closing; ) {
  let message = next(port);
  if (!message) {
    Atomics.wait(state, 0, WRITER_IDLE); // until the state changes: appends (or close) were sent
    continue;
  }
  const appends: AppendRequest[] = [];
  for (; message; message = next(port)) {
    if ('close' in message) closing = true;
    else unpackAppends(message, appends);
  }
  const answer = appends.length > 0 ? groupCommit.commit(appends) : undefined;
  Atomics.store(state, 0, WRITER_IDLE); // before the answer, so whoever reads the answer sees it idle
  if (answer) port.postMessage(answer);
}
try {
  groupCommit.indexAll(); // if this fails, the next open indexes from the log
} finally {
  db.close();
  port.close();
}
