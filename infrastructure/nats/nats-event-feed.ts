import { concat, defer, EMPTY, from, mergeMap, Observable } from 'rxjs';
import type { ConsumerMessages, NatsConnection } from 'nats';
import type { EventFeed } from '../../application/ports/node-agent.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { fromMessage, KES_HEADERS } from './cloud-event-message.js';
import { firstSequenceAfter } from './first-sequence-after.js';

export const DEFAULT_EVENT_STREAM = 'KES_EVENTS';

/** The events with position > `after` and < `before`, from wherever the whole log is kept (the API server). */
export type EarlierEvents = (after: number, before: number) => Promise<RecordedEvent[]>;

const positionOf = (headers: { get(name: string): string } | undefined) => Number(headers?.get(KES_HEADERS.position));

/**
 * The cluster's events from the JetStream stream KES_EVENTS, read-only, for components in other processes: from
 * a position on, then live. When the stream no longer reaches back that far (its limits let it drop old messages),
 * what it lacks is fetched from `earlier` first: a relist from the API server.
 */
export class NatsEventFeed implements EventFeed {
  constructor(
    private readonly nc: NatsConnection,
    private readonly earlier?: EarlierEvents,
    private readonly stream = DEFAULT_EVENT_STREAM,
  ) {}

  follow(after: number): Observable<RecordedEvent> {
    return defer(async () => {
      const jsm = await this.nc.jetstreamManager();
      const { state } = await jsm.streams.info(this.stream);
      const oldest = state.messages === 0 ? undefined : positionOf((await jsm.streams.getMessage(this.stream, { seq: state.first_seq })).header);
      return { jsm, oldest };
    }).pipe(
      mergeMap(({ jsm, oldest }) => {
        const missing = oldest !== undefined && oldest > after + 1;
        if (missing && !this.earlier) throw new Error(`${this.stream} starts at position ${oldest}: events after ${after} before it are kept only by the API server`);
        const relist = missing ? defer(() => this.earlier!(after, oldest)).pipe(mergeMap((events) => from(events))) : EMPTY;
        return concat(relist, this.live(jsm, missing ? oldest - 1 : after));
      }),
    );
  }

  private live(jsm: Awaited<ReturnType<NatsConnection['jetstreamManager']>>, after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let messages: ConsumerMessages | undefined;
      let unsubscribed = false;
      (async () => {
        const startSeq = await firstSequenceAfter(jsm, this.stream, after, (m) => positionOf(m.header));
        const consumer = await this.nc.jetstream().consumers.get(this.stream, { opt_start_seq: startSeq });
        messages = await consumer.consume();
        if (unsubscribed) return messages.stop();
        // Positions only grow, so skipping what is not past the last delivered one also drops late re-publishes.
        let last = after;
        for await (const m of messages) {
          const position = positionOf(m.headers);
          if (!(position > last) || !m.headers) continue;
          last = position;
          subscriber.next(fromMessage(m.headers, m.data));
        }
        subscriber.complete();
      })().catch((err: unknown) => subscriber.error(err));
      return () => {
        unsubscribed = true;
        messages?.stop();
      };
    });
  }
}
