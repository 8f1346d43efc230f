import type { RecordedEvent } from '../../domain/shared/event.js';
import {
  EXPORT_END_KIND, EXPORT_FORMAT_VERSION, EXPORT_KIND, type ExportHeader, type ExportTrailer, type RunningHash,
} from './export-format.js';

/** Why an export cannot be used, at which line (1 = the header). */
export class ExportRefused extends Error {
  constructor(readonly line: number, readonly problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExportRefused';
  }
}

/** What a whole, checked export holds. */
export type CheckedExport = Readonly<{ header: ExportHeader; trailer: ExportTrailer; lines: number }>;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, least: number) => Number.isSafeInteger(value) && (value as number) >= least;
const isText = (value: unknown) => typeof value === 'string' && value !== '';

/** What is wrong with an event line's fields, if anything. */
function eventProblem(event: Json): string | undefined {
  for (const field of ['id', 'stream', 'type'] as const) if (!isText(event[field])) return `the event's ${field} is missing or not a non-empty string`;
  if (!isCount(event.revision, 0)) return "the event's revision is missing or not a whole number ≥ 0";
  if (!isCount(event.position, 1)) return "the event's position is missing or not a whole number ≥ 1";
  if (!('data' in event)) return 'the event has no data';
  const metadata = event.metadata;
  if (!isObject(metadata) || !isText(metadata.commandId) || !isText(metadata.actor) || !isText(metadata.at))
    return "the event's metadata is missing, or lacks its actor, commandId or at";
  return undefined;
}

/**
 * Checks an export line by line, as it is read (nothing is kept but the ids and each stream's last revision): the
 * header, then events with contiguous increasing positions from `since`, contiguous revisions per stream (from 0 in a
 * whole export) and ids seen once, then the trailer, whose count, last position and hash must match what came. Any
 * problem is an ExportRefused naming the line.
 */
export class ExportValidator {
  private header: ExportHeader | undefined;
  private trailer: ExportTrailer | undefined;
  private lineNumber = 0;
  private count = 0;
  private lastPosition = 0;
  private readonly ids = new Set<string>();
  private readonly revisions = new Map<string, number>();
  private readonly hash: RunningHash;

  constructor(sha256: () => RunningHash) {
    this.hash = sha256();
  }

  /** Takes the next line (without its newline); returns the event it holds, if it is an event line. */
  line(text: string): RecordedEvent | undefined {
    const n = ++this.lineNumber;
    if (this.trailer) throw new ExportRefused(n, 'a line after the trailer (KesExportEnd): the file was joined with something else');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ExportRefused(n, `not a JSON object${text.length > 0 ? '' : ' (an empty line)'}: the file is cut off or damaged here`);
    }
    if (!isObject(value)) throw new ExportRefused(n, 'not a JSON object: the file is damaged here');
    if (!this.header) {
      this.header = this.checkHeader(value);
      return undefined;
    }
    if (value.kind === EXPORT_END_KIND) {
      this.trailer = this.checkTrailer(value);
      return undefined;
    }
    const event = this.checkEvent(value);
    this.hash.update(`${text}\n`);
    return event;
  }

  /** After the last line: the whole export, or an ExportRefused when it ends early. */
  end(): CheckedExport {
    if (!this.header) throw new ExportRefused(1, 'the file is empty: an export starts with a KesExport header line');
    if (!this.trailer)
      throw new ExportRefused(this.lineNumber + 1, `the export ends after line ${this.lineNumber} without its trailer (KesExportEnd): it is truncated`);
    return { header: this.header, trailer: this.trailer, lines: this.lineNumber };
  }

  private checkHeader(value: Json): ExportHeader {
    if (value.kind !== EXPORT_KIND) throw new ExportRefused(1, `not a kes export: the first line must be a header of kind ${EXPORT_KIND}`);
    if (value.formatVersion !== EXPORT_FORMAT_VERSION)
      throw new ExportRefused(1, `export format version ${String(value.formatVersion)} is not one this kes reads (${EXPORT_FORMAT_VERSION})`);
    if (typeof value.cluster !== 'string') throw new ExportRefused(1, 'the header names no cluster');
    if (!isCount(value.since, 1)) throw new ExportRefused(1, "the header's since is not a position (a whole number ≥ 1)");
    if (value.until !== null && !isCount(value.until, 0)) throw new ExportRefused(1, "the header's until is neither null nor a position");
    return value as ExportHeader;
  }

  private checkEvent(value: Json): RecordedEvent {
    const n = this.lineNumber;
    const problem = eventProblem(value);
    if (problem) throw new ExportRefused(n, problem);
    const event = value as unknown as RecordedEvent;
    const expected = this.count === 0 ? this.header!.since : this.lastPosition + 1;
    if (event.position !== expected) throw new ExportRefused(n, `the event is at position ${event.position}, not ${expected}: positions must follow on from each other`);
    if (this.header!.until !== null && event.position > this.header!.until)
      throw new ExportRefused(n, `the event at position ${event.position} lies after the header's until (${this.header!.until})`);
    const previous = this.revisions.get(event.stream);
    const whole = this.header!.since === 1;
    if (previous === undefined ? whole && event.revision !== 0 : event.revision !== previous + 1)
      throw new ExportRefused(n, `stream ${event.stream} is at revision ${event.revision}, not ${previous === undefined ? 0 : previous + 1}: revisions of a stream must follow on from each other`);
    if (this.ids.has(event.id)) throw new ExportRefused(n, `event id ${event.id} appears a second time`);
    this.ids.add(event.id);
    this.revisions.set(event.stream, event.revision);
    this.count++;
    this.lastPosition = event.position;
    return event;
  }

  private checkTrailer(value: Json): ExportTrailer {
    const n = this.lineNumber;
    if (value.count !== this.count) throw new ExportRefused(n, `the trailer counts ${String(value.count)} events, but ${this.count} came before it: lines are missing`);
    if (value.lastPosition !== this.lastPosition)
      throw new ExportRefused(n, `the trailer's last position is ${String(value.lastPosition)}, but the last event is at ${this.lastPosition}`);
    if (value.sha256 !== this.hash.digest('hex')) throw new ExportRefused(n, "the event lines do not match the trailer's sha256: the file was changed");
    return value as ExportTrailer;
  }
}
