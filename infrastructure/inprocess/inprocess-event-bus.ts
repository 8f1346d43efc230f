import { Observable, Subject } from 'rxjs';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

/**
 * The embedded-mode bus: every published event is kept in memory (in publish order, which the relay
 * makes position order) so a follower can start from any position; live events fan out through a Subject.
 */
export class InProcessEventBus implements EventBus {
  private readonly events: RecordedEvent[] = [];
  private readonly ids = new Set<string>();
  private readonly live = new Subject<RecordedEvent>();
  private closed = false;

  async publish(event: RecordedEvent): Promise<void> {
    if (this.closed) throw new Error(`InProcessEventBus is closed: cannot publish event ${event.id}`);
    if (this.ids.has(event.id)) return;
    this.ids.add(event.id);
    this.events.push(event);
    this.live.next(event);
  }

  follow(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let last = after;
      const deliver = (event: RecordedEvent) => {
        if (event.position <= last) return;
        last = event.position;
        subscriber.next(event);
      };
      // Indexing the live array (not a copy) also picks up events a follower publishes while replaying.
      for (let i = 0; i < this.events.length && !subscriber.closed; i++) deliver(this.events[i]!);
      if (this.closed) return subscriber.complete();
      return this.live.subscribe({ next: deliver, complete: () => subscriber.complete() });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live.complete();
  }
}
