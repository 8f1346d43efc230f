import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** Where the last `lines` lines of the file begin (a final newline ends the last line, it does not start one). */
async function tailOffset(file: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  const buffer = Buffer.alloc(CHUNK);
  let end = size;
  let seen = 0;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const { bytesRead } = await file.read(buffer, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buffer[i] !== NEWLINE || start + i === size - 1) continue;
      if (++seen === lines) return start + i + 1;
    }
    end = start;
  }
  return 0;
}

export type LogReadOptions = Readonly<{
  tailLines?: number;
  /** Where to begin (a byte offset), instead of the start or the last lines. */
  from?: number;
  /** Without follow, where to end (a byte offset): the size the log had when the request came, if known before. */
  until?: number;
  follow?: boolean;
  /** Whether the container may still write to the file (with follow: keep waiting for more). */
  writing: () => boolean;
  pollMs: number;
}>;

/**
 * A log file as chunks of text. Without follow it ends where the file ended when the read began; with follow it
 * waits for more (polling) while the container writes, and ends when the writer has stopped and everything was
 * read. It ends at once when the consumer returns.
 */
export function readLog(path: string, options: LogReadOptions): AsyncIterableIterator<string> {
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(CHUNK);
  const DONE: IteratorResult<string> = { done: true, value: undefined };
  let file: FileHandle | undefined;
  let offset = 0;
  /** Without follow, where the log ended when the read began: what is written after it was not asked for. */
  let end = Number.POSITIVE_INFINITY;
  let closed = false;
  let busy = false;
  let wake: (() => void) | undefined;

  const finish = async (): Promise<IteratorResult<string>> => {
    closed = true;
    wake?.();
    if (!busy) {
      const open = file;
      file = undefined;
      await open?.close().catch(() => undefined);
    }
    return DONE;
  };
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const begin = async (): Promise<FileHandle> => {
    const opened = await open(path, 'r');
    try {
      const size = (await opened.stat()).size;
      if (!options.follow) end = Math.min(options.until ?? size, size);
      if (options.tailLines !== undefined) offset = await tailOffset(opened, size, options.tailLines);
      if (options.from !== undefined) offset = Math.min(options.from, size);
      return opened;
    } catch (error) {
      await opened.close().catch(() => undefined);
      throw error;
    }
  };
  const readMore = async (): Promise<string | undefined> => {
    file ??= await begin();
    while (!closed) {
      const writing = options.writing();
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, end - offset), offset);
      offset += bytesRead;
      const text = decoder.write(buffer.subarray(0, bytesRead));
      if (text) return text;
      if (bytesRead > 0) continue;
      if (!options.follow || !writing) break;
      await pause();
    }
    return closed ? undefined : decoder.end() || undefined;
  };

  const iterator: AsyncIterableIterator<string> = {
    async next() {
      if (closed) return DONE;
      busy = true;
      let text: string | undefined;
      let failure: unknown;
      try {
        text = await readMore();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failure = error;
      }
      busy = false;
      if (text !== undefined && !closed) return { done: false, value: text };
      await finish();
      if (failure !== undefined) throw failure;
      return DONE;
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
