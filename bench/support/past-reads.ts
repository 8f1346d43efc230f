import { performance } from 'node:perf_hooks';
import { percentile } from './report.js';
import type { HistoryApi } from './history-api.js';
import { HISTORY_NAMESPACE } from './history-log.js';

export type PointLatency = Readonly<{ position: number; samples: number; p50Ms: number; maxMs: number; pods: number }>;

/** What `kesctl get pods --at P` asks for: the first page (kubectl's 500) of the namespace's pods at P exactly. */
export const podsAtPath = (position: number) =>
  `/api/v1/namespaces/${HISTORY_NAMESPACE}/pods?limit=500&resourceVersion=${position}&resourceVersionMatch=Exact`;

/**
 * The latency of a list at `samples` distinct positions just before `position` (distinct, so no answer comes from
 * the few past points the API server keeps rebuilt), and how many pods the first answer held.
 */
export async function listLatencyAt(api: HistoryApi, position: number, samples: number): Promise<PointLatency> {
  const times: number[] = [];
  let pods = 0;
  for (let i = 0; i < samples; i++) {
    const at = Math.max(1, position - i * 7);
    const start = performance.now();
    const answer = await api.get(podsAtPath(at));
    times.push(performance.now() - start);
    if (answer.status !== 200) throw new Error(`GET ${podsAtPath(at)}: ${answer.status} ${answer.body.slice(0, 300)}`);
    const list = JSON.parse(answer.body) as { items: unknown[]; metadata: { remainingItemCount?: number } };
    if (i === 0) pods = list.items.length + (list.metadata.remainingItemCount ?? 0);
  }
  times.sort((a, b) => a - b);
  return { position, samples, p50Ms: percentile(times, 50), maxMs: times.at(-1)!, pods };
}
