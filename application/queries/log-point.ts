import type { EventStore } from '../ports/event-store.js';
import { positionAt } from './position-at-time.js';

/** A point of the cluster's history as a person names it: a log position (a resourceVersion) or a moment. */
export type LogPoint = Readonly<{ position: number }> | Readonly<{ time: Date }>;

const POSITION = /^(0|[1-9][0-9]*)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `1234` or `2026-12-06T10:00:00Z`; a string that is neither is a problem naming what was expected. */
export function parseLogPoint(text: string): LogPoint | { problem: string } {
  if (POSITION.test(text)) return { position: Number(text) };
  const ms = RFC3339.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) return { problem: `"${text}" is neither a log position (a whole number, a resourceVersion) nor an RFC3339 time such as 2026-12-06T10:00:00Z` };
  return { time: new Date(ms) };
}

/** The position a point stands for: a time becomes the last event at or before it; a position past the head is a problem. */
export async function positionOfPoint(store: EventStore, point: LogPoint, head: number): Promise<number | { problem: string }> {
  if ('time' in point) return positionAt(store, point.time);
  if (point.position > head) return { problem: `position ${point.position} is past the end of the log (its last position is ${head})` };
  return point.position;
}
