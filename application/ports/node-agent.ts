import type { Observable } from 'rxjs';
import type { RecordedEvent } from '../../domain/shared/event.js';

/** How a node's agent renews its lease: over HTTP, NATS, or in the API server's own process. */
export interface HeartbeatSender {
  beat(node: string): Promise<void>;
}
export const HeartbeatSender = Symbol.for('kes.HeartbeatSender');

/** Recorded events from a position on, then live: from the store, the bus, or the API server's watch stream. */
export interface EventFeed {
  follow(after: number): Observable<RecordedEvent>;
}
export const EventFeed = Symbol.for('kes.EventFeed');
