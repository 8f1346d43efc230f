import type { EventStore } from '../ports/event-store.js';

const timeOf = (at: string) => Date.parse(at);

/**
 * The position of the last event recorded at or before `time` (0 when the log starts after it): the cluster as it
 * was at that moment is the read models right after this position. Events are appended in time order, so a binary
 * search finds it in O(log n) single-event reads; it needs no dense positions (EventStoreDB's are commit positions).
 */
export async function positionAt(store: EventStore, time: Date): Promise<number> {
  const limit = time.getTime();
  const head = await store.headPosition();
  // Invariant: the answer is in [lo, hi]; lo is 0 or the position of an event at or before `time`.
  let lo = 0;
  let hi = head;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [next] = await store.readAll(mid, 1);
    if (!next || next.position > hi) hi = mid;
    else if (timeOf(next.metadata.at) <= limit) lo = next.position;
    else hi = next.position - 1;
  }
  return lo;
}
