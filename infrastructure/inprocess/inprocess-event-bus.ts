import { Observable, Subject } from 'rxjs';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

const DEFAULT_RETAIN = 10_000;

/**
 * The embedded-mode bus: the most recent published events are kept in memory (in publish order, which
 * the relay makes position order) so a follower can start a little behind; live events fan out through a
 * Subject. Older history is the store's job: following from before the window is refused, not silently
 * short.
 */
export class InProcessEventBus implements EventBus {
  private events: RecordedEvent[] = [];
  private readonly live = new Subject<RecordedEvent>();
  private closed = false;

  constructor(private readonly retain = DEFAULT_RETAIN) {}

  async publish(event: RecordedEvent): Promise<void> {
    this.hold(event);
  }

  async publishAll(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) this.hold(event);
  }

  private hold(event: RecordedEvent): void {
    if (this.closed) throw new Error(`InProcessEventBus is closed: cannot publish event ${event.id}`);
    const last = this.events.at(-1);
    if (last && event.position <= last.position) return; // a re-publish (at-least-once relay)
    this.events.push(event);
    if (this.events.length > 2 * this.retain) this.events = this.events.slice(-this.retain);
    this.live.next(event);
  }

  follow(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      const oldest = this.events[0];
      if (oldest && after < oldest.position - 1 && this.events.length >= this.retain)
        return subscriber.error(new Error(`the in-process bus keeps events from position ${oldest.position}; read the store up to it before following from ${after}`));
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
