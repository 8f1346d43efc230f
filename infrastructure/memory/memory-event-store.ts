import { Observable } from 'rxjs';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

/** An event store in memory, for tests: the same semantics as the durable ones, nothing kept. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<{ appended: () => void; closed: () => void }>();
  private closed = false;

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      const result = this.write(stream, events, expected);
      for (const listener of [...this.listeners]) listener.appended();
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readStream(stream: string): Promise<RecordedEvent[]> {
    return Promise.resolve([...(this.streams.get(stream) ?? [])]);
  }

  readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    return Promise.resolve(this.log.slice(Math.max(0, after), Math.max(0, after) + limit));
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.log.length);
  }

  /** Positions are indexes + 1, so the subscriber's cursor is the index of the next event to deliver. */
  subscribe(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let cursor = Math.max(0, after);
      let draining = false;
      const drain = (): void => {
        if (draining) return; // a subscriber that appends while handling an event: the loop below picks it up
        draining = true;
        while (cursor < this.log.length && !subscriber.closed) subscriber.next(this.log[cursor++]);
        draining = false;
      };
      const listener = { appended: drain, closed: () => subscriber.complete() };
      this.listeners.add(listener);
      drain();
      if (this.closed) subscriber.complete();
      return () => this.listeners.delete(listener);
    });
  }

  close(): Promise<void> {
    this.closed = true;
    for (const listener of [...this.listeners]) listener.closed();
    this.listeners.clear();
    return Promise.resolve();
  }

  private write(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult {
    if (this.closed) throw new Error(`cannot append to stream "${stream}": the event store is closed`);
    const stored = events.map((event) => this.byId.get(event.id));
    const last = stored[stored.length - 1];
    if (stored.some((event) => event !== undefined)) {
      if (stored.some((event) => event === undefined) || !last) {
        throw new Error(
          `append to stream "${stream}": some of its event ids are already stored and some are not; ` +
            'a retried command must carry exactly the events of its first attempt',
        );
      }
      return { ok: true, revision: last.revision, position: last.position };
    }
    if (new Set(events.map((event) => event.id)).size !== events.length) {
      throw new Error(`append to stream "${stream}": the same event id appears twice`);
    }
    const existing = this.streams.get(stream) ?? [];
    const head = existing[existing.length - 1];
    const actual = head?.revision ?? -1;
    if (expected !== 'any' && expected !== actual) return { ok: false, expected, actual };
    const recorded = events.map((event, i) => this.record(stream, actual + 1 + i, event));
    this.streams.set(stream, [...existing, ...recorded]);
    const newest = recorded[recorded.length - 1] ?? head;
    return { ok: true, revision: newest?.revision ?? -1, position: newest?.position ?? 0 };
  }

  private record(stream: string, revision: number, event: EventToAppend): RecordedEvent {
    const copy = JSON.parse(JSON.stringify({ type: event.type, data: event.data ?? null, metadata: event.metadata })) as Pick<
      RecordedEvent,
      'type' | 'data' | 'metadata'
    >;
    const recorded: RecordedEvent = { id: event.id, stream, revision, position: this.log.length + 1, ...copy };
    this.log.push(recorded);
    this.byId.set(event.id, recorded);
    return recorded;
  }
}
