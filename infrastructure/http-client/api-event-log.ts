import type { RecordedEvent } from '../../domain/shared/event.js';
import type { ApiClient } from './api-client.js';

/**
 * The events with position > `after` and < `before`, read from the API server's log (GET /kes/v1/events, a page
 * at a time): how a component relists what the NATS stream no longer keeps.
 */
export function apiEventsBetween(api: ApiClient) {
  return async (after: number, before: number): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let from = after; ; ) {
      const page = await api.request<{ items: RecordedEvent[] }>('GET', `/kes/v1/events?after=${from}`);
      const wanted = page.items.filter((e) => e.position < before);
      events.push(...wanted);
      if (page.items.length === 0 || wanted.length < page.items.length) return events;
      from = page.items.at(-1)!.position;
    }
  };
}
