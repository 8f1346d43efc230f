import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerLogsOptions } from '../../../application/ports/container-runtime.js';
import { recordsIn, type LogRecord } from './log-records.js';
import { readLog } from './logs.js';

export type ContainerLogReading = ContainerLogsOptions &
  Readonly<{
    /** Where to begin (a byte offset at a record's start), instead of the start or the last lines. */
    from?: number;
    writing: () => boolean;
    pollMs: number;
  }>;

const bytes = (record: LogRecord) => Buffer.byteLength(`${record.time} ${record.stream} ${record.partial ? 'P' : 'F'} ${record.content}\n`);

/** The log's size now: a read without follow ends there, whatever is written while it reads. */
const sizeOf = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;

/** Where the last `lines` lines of the first `size` bytes of the log begin: a scan of its records (a line is the records up to an `F`). */
async function tailOffset(path: string, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  const starts: number[] = [0];
  let offset = 0;
  for await (const records of recordsIn(readLog(path, { writing: () => false, pollMs: 0 }))) {
    for (const record of records) {
      offset += bytes(record);
      if (record.partial || offset >= size) continue;
      starts.push(offset);
      if (starts.length > lines) starts.shift();
    }
  }
  return starts.length > lines ? starts[starts.length - lines] : starts[0];
}

/** Cuts text to at most `limit` bytes, never inside a character. */
function cut(text: string, limit: number): string {
  return new StringDecoder('utf8').write(Buffer.from(text).subarray(0, limit));
}

/**
 * What a container wrote, as the kubelet gives it: the content of its log records from the last `tailLines` lines,
 * those written at or after `sinceTime`, each line prefixed with its time and a space when `timestamps` is asked,
 * and no more than `limitBytes` bytes in all. Returning ends a pending read at once (a follow that waits).
 */
export function readContainerLog(path: string, options: ContainerLogReading): AsyncIterableIterator<string> {
  let chunks: AsyncIterableIterator<string> | undefined;
  let stopped = false;
  async function* texts(): AsyncGenerator<string> {
    const until = options.follow ? undefined : await sizeOf(path);
    const from = options.from ?? (options.tailLines !== undefined ? await tailOffset(path, until ?? (await sizeOf(path)), options.tailLines) : undefined);
    if (stopped) return;
    chunks = readLog(path, { from, until, follow: options.follow, writing: options.writing, pollMs: options.pollMs });
    const since = options.sinceTime !== undefined ? Date.parse(options.sinceTime) : undefined;
    let left = options.limitBytes ?? Number.POSITIVE_INFINITY;
    let lineStart = true;
    for await (const records of recordsIn(chunks)) {
      let text = '';
      for (const record of records) {
        if (since !== undefined && Date.parse(record.time) < since) continue;
        text += `${options.timestamps && lineStart ? `${record.time} ` : ''}${record.content}${record.partial ? '' : '\n'}`;
        lineStart = !record.partial;
      }
      if (text === '') continue;
      if (Buffer.byteLength(text) >= left) {
        const last = cut(text, left);
        if (last) yield last;
        return;
      }
      left -= Buffer.byteLength(text);
      yield text;
    }
  }
  const generator = texts();
  const iterator: AsyncIterableIterator<string> = {
    next: () => generator.next(),
    async return() {
      stopped = true;
      await chunks?.return?.();
      return generator.return(undefined);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
