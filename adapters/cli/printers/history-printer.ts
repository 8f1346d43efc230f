import { formatColumns } from './table-printer.js';

/** One entry of `GET /kes/v1/history/<resource>/<name>`. */
export type HistoryItem = {
  position: number | string;
  revision: number;
  type: string;
  at: string;
  actor: string;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  summary: string;
  data?: unknown;
};

export type EventHistory = { kind: 'EventHistory'; items: HistoryItem[] };

/** POSITION TIME TYPE ACTOR SUMMARY, aligned as kubectl aligns tables. */
export function printHistory(items: readonly HistoryItem[]): string {
  return formatColumns([
    ['POSITION', 'TIME', 'TYPE', 'ACTOR', 'SUMMARY'],
    ...items.map((i) => [String(i.position), i.at, i.type, i.actor || '<none>', oneLine(i.summary ?? '')]),
  ]);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
