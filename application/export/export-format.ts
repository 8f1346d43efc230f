import type { RecordedEvent } from '../../domain/shared/event.js';

/** The first line of an export: what it is and which part of whose log it holds. */
export type ExportHeader = Readonly<{
  kind: 'KesExport';
  formatVersion: number;
  cluster: string;
  /** The first position asked for (1: the whole log from its start). */
  since: number;
  /** The last position asked for; null: up to the head of the log when the export began. */
  until: number | null;
}>;

/** The last line: how many events came, the last one's position, and a SHA-256 of the event lines, so a cut or changed file shows. */
export type ExportTrailer = Readonly<{
  kind: 'KesExportEnd';
  count: number;
  lastPosition: number;
  sha256: string;
}>;

export const EXPORT_KIND = 'KesExport';
export const EXPORT_END_KIND = 'KesExportEnd';
export const EXPORT_FORMAT_VERSION = 1;

/** A running SHA-256 (node's Hash fits): the application layer does no crypto of its own. */
export type RunningHash = { update(text: string): unknown; digest(encoding: 'hex'): string };

/** One event as an export line: the recorded event's fields in a fixed order, nothing added or left out. */
export function eventLine(event: RecordedEvent): string {
  const { id, stream, revision, position, type, data, metadata } = event;
  return JSON.stringify({ id, stream, revision, position, type, data, metadata });
}

export const headerLine = (header: ExportHeader) => JSON.stringify(header);
export const trailerLine = (trailer: ExportTrailer) => JSON.stringify(trailer);
