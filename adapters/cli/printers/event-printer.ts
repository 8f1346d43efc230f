import { summarize } from '../../../application/queries/history.js';
import { objectOfStream } from '../../../application/queries/streamed-kinds.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';

/*
 * One line per event, printed as it arrives (a followed feed has no last line to align columns on): each column
 * padded to a width that fits its usual values, three spaces apart as kubectl's tables; a longer value pushes
 * the rest of its line along.
 */
const COLUMNS = [
  ['POSITION', 8],
  ['TIME', 24],
  ['TYPE', 25],
  ['OBJECT', 32],
  ['ACTOR', 26],
  ['SUMMARY', 0],
] as const;

const line = (cells: readonly string[]) => `${cells.map((cell, i) => cell.padEnd(COLUMNS[i][1])).join('   ').trimEnd()}\n`;

export const EVENT_HEADER = line(COLUMNS.map(([name]) => name));

/** `pod/shop/web-1`, `node/worker-1`; the stream's name for events about no object (`cluster`, allocations). */
export function objectOfEvent(event: Pick<RecordedEvent, 'stream'>): string {
  const object = objectOfStream(event.stream);
  if (!object) return event.stream;
  const kind = object.kind.kind.toLowerCase();
  return object.namespace === undefined ? `${kind}/${object.name}` : `${kind}/${object.namespace}/${object.name}`;
}

export function eventLine(event: RecordedEvent): string {
  const summary = summarize(event).replace(/\s*\r?\n\s*/g, ' ');
  return line([String(event.position), event.metadata.at, event.type, objectOfEvent(event), event.metadata.actor || '<none>', summary]);
}
