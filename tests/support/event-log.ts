import type { ApiClient } from '../../infrastructure/http-client/api-client.js';

export type LoggedEvent = Readonly<{
  type: string;
  stream: string;
  position: number;
  data: { name?: string; nodeName?: string; phase?: string; conditions?: { type: string; status: string }[] };
}>;

/** The whole event log, page by page, through the kes API. */
export async function readEventLog(api: ApiClient): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  for (;;) {
    const { items } = await api.request<{ items: LoggedEvent[] }>('GET', `/kes/v1/events?after=${events.at(-1)?.position ?? 0}`);
    if (items.length === 0) return events;
    events.push(...items);
  }
}

/** A pod as its events tell it: where it runs, its phase, whether Ready, whether it is on its way out. */
export type PodRow = { stream: string; nodeName?: string; phase?: string; ready: boolean; leaving: boolean };

const LEAVING = new Set(['PodEvicted', 'PodDeletionRequested']);

function podRows(events: readonly LoggedEvent[], namespace: string, visit: (rows: ReadonlyMap<string, PodRow>, event: LoggedEvent) => void = () => {}) {
  const prefix = `pod-${namespace}.`;
  const rows = new Map<string, PodRow>();
  for (const e of events) {
    if (!e.stream.startsWith(prefix)) continue;
    const row = rows.get(e.stream) ?? { stream: e.stream, ready: false, leaving: false };
    if (e.type === 'PodDeleted') rows.delete(e.stream);
    else
      rows.set(e.stream, {
        ...row,
        nodeName: e.data.nodeName ?? row.nodeName,
        phase: e.data.phase ?? row.phase,
        ready: e.type === 'PodStatusReported' ? (e.data.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') : row.ready,
        leaving: row.leaving || LEAVING.has(e.type),
      });
    visit(rows, e);
  }
  return rows;
}

/** The pods of a namespace that still exist at the end of the log. */
export const podsOf = (events: readonly LoggedEvent[], namespace: string): PodRow[] => [...podRows(events, namespace).values()];

const availableCount = (rows: ReadonlyMap<string, PodRow>) => [...rows.values()].filter((p) => p.ready && !p.leaving).length;

/**
 * The fewest available pods (Ready, not leaving) of a namespace at any point after `position`, replaying the
 * log event by event, and how many times that count changed.
 */
export function availabilityAfter(events: readonly LoggedEvent[], namespace: string, position: number): { min: number; changes: number } {
  let [min, changes, last] = [Infinity, 0, -1];
  podRows(events, namespace, (rows, event) => {
    if (event.position <= position) return;
    const count = availableCount(rows);
    min = Math.min(min, count);
    if (count !== last) changes++;
    last = count;
  });
  return { min, changes };
}
