import { Observable } from 'rxjs';
import {
  connect,
  headers,
  nanos,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { EVENT_SUBJECT_PREFIX, eventSubject } from './event-subjects.js';
import { firstSequenceAfter } from './first-sequence-after.js';

export const DEFAULT_EVENT_STREAM = 'KES_EVENTS';
/** Header carrying the event's store position, so a follower can skip without decoding the body. */
export const POSITION_HEADER = 'Kes-Position';
/** How long JetStream remembers message ids; a re-publish older than this is dropped by follow() instead. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const STREAM_NOT_FOUND = 10059;

/** The distributed-mode bus: the JetStream stream KES_EVENTS on `kes.events.>`, de-duplicated by event id. */
export class NatsEventBus implements EventBus {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
  ) {}

  static async connect(servers: string, opts: { stream?: string } = {}): Promise<NatsEventBus> {
    const stream = opts.stream ?? DEFAULT_EVENT_STREAM;
    const nc = await connect({ servers, name: 'kes-event-bus' });
    try {
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, stream);
      return new NatsEventBus(nc, nc.jetstream(), jsm, stream);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async publish(event: RecordedEvent): Promise<void> {
    const h = headers();
    h.set(POSITION_HEADER, String(event.position));
    const body = new TextEncoder().encode(JSON.stringify(event));
    await this.js.publish(eventSubject(event.stream, event.type), body, {
      msgID: event.id,
      headers: h,
      expect: { streamName: this.stream },
    });
  }

  follow(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let messages: ConsumerMessages | undefined;
      let unsubscribed = false;
      (async () => {
        const startSeq = await firstSequenceAfter(this.jsm, this.stream, after, readPosition);
        const consumer = await this.js.consumers.get(this.stream, { opt_start_seq: startSeq });
        messages = await consumer.consume();
        if (unsubscribed) return messages.stop();
        // Positions only grow, so skipping what is not past the last delivered one also drops late re-publishes.
        let last = after;
        for await (const m of messages) {
          const position = Number(m.headers?.get(POSITION_HEADER));
          if (!(position > last)) continue;
          last = position;
          subscriber.next(m.json<RecordedEvent>());
        }
        subscriber.complete();
      })().catch((err: unknown) => subscriber.error(err));
      return () => {
        unsubscribed = true;
        messages?.stop();
      };
    });
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }
}

function readPosition(msg: { header: { get(k: string): string } }): number {
  return Number(msg.header.get(POSITION_HEADER));
}

async function ensureStream(jsm: JetStreamManager, name: string): Promise<void> {
  const subjects = [`${EVENT_SUBJECT_PREFIX}.>`];
  try {
    await jsm.streams.update(name, { subjects });
  } catch (err) {
    if ((err as { api_error?: { err_code?: number } }).api_error?.err_code !== STREAM_NOT_FOUND) throw err;
    await jsm.streams.add({ name, subjects, storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
  }
}
