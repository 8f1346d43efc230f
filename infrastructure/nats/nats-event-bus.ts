import type { Observable } from 'rxjs';
import {
  connect,
  nanos,
  StorageType,
  type ConnectionOptions,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import type { EventBus } from '../../application/ports/event-bus.js';
import type { RelayCheckpoint } from '../../application/events/relay.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { KES_HEADERS, toMessage } from './cloud-event-message.js';
import { EVENT_SUBJECT_PREFIX } from './event-subjects.js';
import { DEFAULT_EVENT_STREAM, NatsEventFeed } from './nats-event-feed.js';

export { DEFAULT_EVENT_STREAM };
/** Header carrying the event's store position, so a follower can skip without decoding the body. */
export const POSITION_HEADER = KES_HEADERS.position;
/** How long JetStream remembers message ids; a re-publish older than this is dropped by follow() instead. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const STREAM_NOT_FOUND = 10059;
const WRONG_LAST_SEQUENCE = 10071;

export type NatsBusOptions = Readonly<{
  stream?: string;
  /** CloudEvents `source`: the cluster the events are from. */
  source?: string;
  /** Where the event schemas are served, for CloudEvents' `dataschema`. */
  schemas?: string;
  /** The connection's name, as nats-server shows it. */
  name?: string;
  /** Credentials and other connection options (user/pass, token, TLS). */
  connection?: Partial<ConnectionOptions>;
}>;

/**
 * Options every kes NATS connection shares: reconnect for ever, quickly, so a nats-server restart is only a pause;
 * and no stack captured for each request in case it fails (two Errors per request, for a stack kes never shows: it
 * reports what failed by name).
 */
export const RECONNECTING: Partial<ConnectionOptions> = { maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: false, noAsyncTraces: true };

/**
 * Another publisher appended to the stream since this one last did: nothing was published; read where the stream
 * stands (lastPublishedPosition) and go on from there.
 */
export class StreamMovedOn extends Error {}

/**
 * The distributed-mode bus: the JetStream stream KES_EVENTS on `kes.events.>`, each event a CloudEvent in binary
 * content mode. Publishing is exactly-once on the stream: each message is appended only if the stream's last
 * sequence is the one this publisher last saw (and JetStream drops a re-published event id), so however many
 * publishers run, the stream holds each event once, in position order.
 */
export class NatsEventBus implements EventBus {
  private lastSequence = 0;
  private readonly feed: NatsEventFeed;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly source: string,
    private readonly schemas: string | undefined,
  ) {
    this.feed = new NatsEventFeed(nc, undefined, stream);
  }

  /** A bus on a connection of its own, closed with the bus. */
  static async connect(servers: string, opts: NatsBusOptions = {}): Promise<NatsEventBus> {
    const nc = await connect({ servers, name: opts.name ?? 'kes-event-bus', ...RECONNECTING, ...opts.connection });
    try {
      return await NatsEventBus.over(nc, opts);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  /** A bus over a connection the caller shares with other users (leases, commands); closing the bus drains it. */
  static async over(nc: NatsConnection, opts: NatsBusOptions = {}): Promise<NatsEventBus> {
    const stream = opts.stream ?? DEFAULT_EVENT_STREAM;
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, stream);
    const bus = new NatsEventBus(nc, nc.jetstream(), jsm, stream, opts.source ?? 'kes://kes', opts.schemas);
    bus.lastSequence = (await jsm.streams.info(stream)).state.last_seq;
    return bus;
  }

  async publish(event: RecordedEvent): Promise<void> {
    await this.publishAll([event]);
  }

  /**
   * Sends every event at once, pipelined. Each is appended only if the stream's last sequence is the one before it:
   * the first's is the sequence this publisher last saw, the next's the one after, and so on. So when one is refused,
   * every later one is too, unless someone put the event it expected there: the stream holds each event once, in
   * order, however many publishers there are. Only the first and the last wait for JetStream's ack: the last's says
   * the whole batch is in place (each needed the one before it there); the first's gives the reason when one cannot
   * be appended at all (a failed batch is published again from the stream's end, starting with the one that failed).
   * One call at a time per bus: the next starts from where this one left the stream.
   */
  async publishAll(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const base = this.lastSequence;
    const last = events.length - 1;
    const first = this.append(events[0]!, base);
    const unsent = this.appendUnacknowledged(events.slice(1, last), base + 1);
    const final = last === 0 ? first : unsent ? Promise.reject(unsent) : this.append(events[last]!, base + last);
    const [head, end] = await Promise.allSettled([first, final]);
    if (end.status === 'fulfilled') {
      // A duplicate's ack names where the event was put before: what follows it is not known, so go on from what is.
      if (!end.value.duplicate) this.lastSequence = end.value.seq;
      else if (head.status === 'fulfilled' && !head.value.duplicate) this.lastSequence = head.value.seq;
      return;
    }
    const refusal = head.status === 'rejected' && !refusedAsMovedOn(head.reason) ? head.reason : end.reason;
    if (!refusedAsMovedOn(refusal)) throw refusal;
    this.lastSequence = (await this.jsm.streams.info(this.stream)).state.last_seq;
    throw new StreamMovedOn(`${this.stream} was appended to by another publisher (now at sequence ${this.lastSequence}); of ${events.length} events from ${events[0]!.id}, not all were published`);
  }

  private async append(event: RecordedEvent, expectedLastSequence: number) {
    const { subject, body, headers } = this.messageFor(event, expectedLastSequence);
    return await this.js.publish(subject, body, { headers });
  }

  /** Publishes `events` without awaiting acks, the first expecting `expectedLastSequence`; the error that stopped it, if one did. */
  private appendUnacknowledged(events: readonly RecordedEvent[], expectedLastSequence: number): unknown {
    try {
      events.forEach((event, i) => {
        const { subject, body, headers } = this.messageFor(event, expectedLastSequence + i);
        this.nc.publish(subject, body, { headers });
      });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** The event as a CloudEvent, with JetStream's headers: its id for de-duplication, the stream, the expected last sequence. */
  private messageFor(event: RecordedEvent, expectedLastSequence: number) {
    const message = toMessage(event, this.source, this.schemas);
    message.headers.append('Nats-Msg-Id', event.id);
    message.headers.append('Nats-Expected-Stream', this.stream);
    // Set by hand: nats.js leaves out an expected last sequence of 0, which is how "the stream is empty" is said.
    message.headers.append('Nats-Expected-Last-Sequence', String(expectedLastSequence));
    return message;
  }

  /** The store position of the last event the stream holds, 0 when it holds none: where a relay goes on from. */
  async lastPublishedPosition(): Promise<number> {
    const { state } = await this.jsm.streams.info(this.stream);
    this.lastSequence = state.last_seq;
    if (state.messages === 0) return 0;
    return Number((await this.jsm.streams.getMessage(this.stream, { seq: state.last_seq })).header.get(POSITION_HEADER));
  }

  /** The stream as a relay's checkpoint: it resumes after what the stream holds, so there is nothing else to save. */
  checkpoint(): RelayCheckpoint {
    return { load: () => this.lastPublishedPosition(), save: async () => undefined };
  }

  follow(after: number): Observable<RecordedEvent> {
    return this.feed.follow(after);
  }

  /** Drains the connection (what is in flight is finished), or closes it at once when nats-server is away. */
  async close(): Promise<void> {
    await closeConnection(this.nc);
  }
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

const refusedAsMovedOn = (error: unknown) => (error as { api_error?: { err_code?: number } }).api_error?.err_code === WRONG_LAST_SEQUENCE;

/** How long closing waits for a connection to drain before it closes it regardless. */
const DRAIN_MS = 2_000;

/** Drains a connection, or closes it when it cannot drain (nats-server gone: a reconnecting connection would wait for ever). */
export async function closeConnection(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  const drained = nc.drain().catch(() => undefined);
  const timer = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_MS).unref());
  await Promise.race([drained, timer]);
  if (!nc.isClosed()) await nc.close();
}
