/**
 * The worker thread that writes an event store file (see WriterThread). Each time it is free, it takes
 * every append that has arrived, commits them as one group and answers with a CommitAnswer; when none
 * is left it says so in `state` (see WRITER_IDLE). `close` makes it complete the stream index, close its
 * connection and end.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { AppendRequest } from './sqlite-append-plan.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { openDatabase } from './sqlite-schema.js';
import { unpackAppends, WRITER_IDLE, type WriterData, type WriterMessage } from './sqlite-writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread runs as a worker thread');
const { file, state } = workerData as WriterData;
const db = openDatabase(file);
const groupCommit = new GroupCommit(file, db);

port.on('message', (first: WriterMessage) => {
  let closing = false;
  let message: WriterMessage | undefined = first;
  while (message && !closing) {
    const appends: AppendRequest[] = [];
    for (; message; message = receiveMessageOnPort(port)?.message as WriterMessage | undefined) {
      if ('close' in message) closing = true;
      else unpackAppends(message, appends);
    }
    const answer = appends.length > 0 ? groupCommit.commit(appends) : undefined;
    Atomics.store(state, 0, WRITER_IDLE); // before the answer, so whoever reads the answer sees it idle
    if (answer) port.postMessage(answer);
    message = receiveMessageOnPort(port)?.message as WriterMessage | undefined; // sent while this group was written
  }
  if (!closing) return;
  try {
    groupCommit.indexAll(); // if this fails, the next open indexes from the log
  } finally {
    db.close();
    port.close();
  }
});
