import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type JSONType,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../../application/ports/event-store.js';
import type { EventMetadata, RecordedEvent } from '../../domain/shared/event.js';

const PAGE = 256;

/**
 * The distributed event store on EventStoreDB. Positions are commit positions in the server's
 * transaction log: increasing, not contiguous. System events (type `$…`) are left out of the global log.
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  /** `url` is an EventStoreDB connection string, e.g. `esdb://localhost:2113?tls=false`. */
  static connect(url: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const data = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: (event.data ?? null) as JSONType, metadata: event.metadata }),
    );
    try {
      const result = await this.client.appendToStream(stream, data, { expectedRevision: toEsdbExpected(expected) });
      const revision = Number(result.nextExpectedRevision);
      const commit = result.position?.commit;
      // an idempotent (retried) write may come back without a usable position: look the event up
      const known = commit !== undefined && commit >= 0n && commit < NO_POSITION;
      const position = known ? Number(commit) : await this.positionOf(stream, revision);
      return { ok: true, revision, position };
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      const retried = await this.storedLocation(stream, events);
      if (retried) return { ok: true, ...retried };
      const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
      return { ok: false, expected, actual };
    }
  }

  async readStream(stream: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { direction: FORWARDS, fromRevision: START })) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isCommandErrorOfType(error, ErrorType.STREAM_NOT_FOUND)) return [];
      throw error;
    }
    return events;
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let cursor = after;
    let from: ReadPosition = after > 0 ? positionAt(after) : START;
    for (;;) {
      let read = 0;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: PAGE })) {
        read++;
        if (resolved.event) from = resolved.event.position;
        const event = toUserEvent(resolved);
        if (event && event.position > cursor && events.length < limit) {
          events.push(event);
          cursor = event.position;
        }
      }
      if (read < PAGE || events.length >= limit) return events;
    }
  }

  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let head: number | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: PAGE })) {
        read++;
        if (resolved.event) from = resolved.event.position;
        head ??= toUserEvent(resolved)?.position;
      }
      if (head !== undefined) return head;
      if (read < PAGE) return 0;
    }
  }

  subscribe(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let cursor = after;
      const subscription = this.client.subscribeToAll({
        fromPosition: after > 0 ? positionAt(after) : START,
        filter: excludeSystemEvents(),
      });
      subscription.on('data', (resolved: ResolvedEvent) => {
        const event = toUserEvent(resolved);
        if (!event || event.position <= cursor) return;
        cursor = event.position;
        subscriber.next(event);
      });
      subscription.on('error', (error: Error) => subscriber.error(error));
      subscription.on('end', () => subscriber.complete());
      return () => {
        subscription.unsubscribe().catch(() => undefined);
      };
    });
  }

  close(): Promise<void> {
    return this.client.dispose();
  }

  /** Where the given events stand when all of them are already in the stream (a retried command). */
  private async storedLocation(stream: string, events: readonly EventToAppend[]) {
    if (events.length === 0) return undefined;
    const byId = new Map((await this.readStream(stream)).map((event) => [event.id, event]));
    if (!events.every((event) => byId.has(event.id))) return undefined;
    const last = byId.get(events[events.length - 1].id);
    return last && { revision: last.revision, position: last.position };
  }

  private async positionOf(stream: string, revision: number): Promise<number> {
    if (revision < 0) return 0;
    for await (const resolved of this.client.readStream(stream, { fromRevision: BigInt(revision), maxCount: 1 })) {
      const event = toRecordedEvent(resolved);
      if (event) return event.position;
    }
    return 0;
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  return expected === -1 ? NO_STREAM : BigInt(expected);
}

/** Positions travel as commit positions; for events appended over gRPC the prepare position is the same. */
function positionAt(commit: number): Position {
  return { commit: BigInt(commit), prepare: BigInt(commit) };
}

/** Servers before 22.6 send no position with stream reads (or 2^64 - 1): the event's position is then -1. */
const NO_POSITION = 2n ** 63n;

/** A recorded event, leaving out system events ($-types, links) of the global log. */
function toUserEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  return resolved.event && !resolved.event.type.startsWith('$') ? toRecordedEvent(resolved) : undefined;
}

function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const commit = event.position?.commit ?? resolved.commitPosition;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: commit === undefined || commit >= NO_POSITION ? -1 : Number(commit),
    type: event.type,
    data: decodeJson(event.data) as RecordedEvent['data'],
    metadata: decodeJson(event.metadata) as EventMetadata,
  };
}

/** Events this adapter writes are JSON; anything else is returned as text rather than failing the read. */
function decodeJson(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  const text = Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isCommandErrorOfType(error: unknown, type: ErrorType): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

function isWrongExpectedVersion(error: unknown): error is { actualVersion: bigint | typeof NO_STREAM } {
  return isCommandErrorOfType(error, ErrorType.WRONG_EXPECTED_VERSION);
}
