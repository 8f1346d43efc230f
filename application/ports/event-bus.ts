import type { Observable } from 'rxjs';
import type { RecordedEvent } from '../../domain/shared/event.js';

/**
 * Carries recorded events from the store to whoever reacts to them. Publishing is at-least-once; the bus
 * de-duplicates by event id, so an event published twice is delivered once.
 */
export interface EventBus {
  /** Resolves once the bus holds the event (durably, for a persistent bus). */
  publish(event: RecordedEvent): Promise<void>;
  /**
   * Publishes `events` in order and resolves once the bus holds them all. When it fails, the bus may hold some of
   * the first ones: a publisher goes on from what the bus holds (its checkpoint), never from what it sent.
   */
  publishAll(events: readonly RecordedEvent[]): Promise<void>;
  /** Every published event with position > `after`, in position order: first those already held, then live. */
  follow(after: number): Observable<RecordedEvent>;
  /** Completes every follower and releases the connection. */
  close(): Promise<void>;
}

export const EventBus = Symbol.for('kes.EventBus');
