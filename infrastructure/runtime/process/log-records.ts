import { closeSync, openSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * A container's log file holds records as the CRI runtimes write them for the kubelet:
 * `<RFC3339Nano time> <stdout|stderr> <F|P> <content>\n` — `F` when the content ended a line, `P` for a piece of a
 * line not yet ended (written at once, so a prompt without a newline is seen). The time of each line is what
 * `logs --timestamps`, `--since` and `--since-time` need.
 */
export type LogRecord = Readonly<{ time: string; stream: 'stdout' | 'stderr'; partial: boolean; content: string }>;

/** RFC3339 with nine fraction digits, as the kubelet prints timestamps (`RFC3339NanoFixed`). */
export function rfc3339NanoFixed(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000000Z');
}

/** The records of a chunk a container wrote: one per line it ends, one partial for what it leaves unended. */
export function recordsOf(stream: LogRecord['stream'], text: string, time: string): string {
  const pieces = text.split('\n');
  const last = pieces.pop()!;
  const lines = pieces.map((line) => `${time} ${stream} F ${line}\n`).join('');
  return last === '' ? lines : `${lines}${time} ${stream} P ${last}\n`;
}

export function parseRecord(line: string): LogRecord | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(line);
  if (!match) return undefined;
  return { time: match[1], stream: match[2] as LogRecord['stream'], partial: match[3] === 'P', content: match[4] };
}

/** The records in chunks of a log file's text, whole even when a chunk ends inside one. */
export async function* recordsIn(chunks: AsyncIterable<string>): AsyncGenerator<LogRecord[]> {
  let rest = '';
  for await (const chunk of chunks) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    const records = lines.map(parseRecord).filter((r): r is LogRecord => r !== undefined);
    if (records.length > 0) yield records;
  }
}

/** Appends what a container writes on its stdout and stderr to its log file, a record per line with its time. */
export class LogFileWriter {
  private readonly fd: number;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private closed = false;

  constructor(path: string, private readonly now: () => number = Date.now) {
    this.fd = openSync(path, 'a');
  }

  write(stream: LogRecord['stream'], chunk: Buffer): void {
    const text = this.decoders[stream].write(chunk);
    if (text && !this.closed) writeSync(this.fd, recordsOf(stream, text, rfc3339NanoFixed(this.now())));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
