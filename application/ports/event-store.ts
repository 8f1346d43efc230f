import type { Observable } from 'rxjs';
import type { Event, RecordedEvent } from '../../domain/shared/event.js';

/** An event ready to append: its id is the de-duplication key. */
export type EventToAppend = Event & Readonly<{ id: string }>;

/** The revision the stream must be at: -1 = the stream must not exist; 'any' = no check. */
export type ExpectedRevision = number | 'any';

export type AppendResult =
  | Readonly<{ ok: true; revision: number; position: number }>
  | Readonly<{ ok: false; expected: ExpectedRevision; actual: number }>;

/**
 * The system of record. Appends are durable when the promise resolves. An append whose event ids are
 * already stored (a retried command) succeeds without writing, returning where those events stand.
 */
export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; [] for a stream that does not exist. */
  readStream(stream: string): Promise<RecordedEvent[]>;
  /** Up to `limit` events with position > `after`, in position order. Positions start at 1. */
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;
  /** The position of the last stored event, 0 when empty. */
  headPosition(): Promise<number>;
  /** Every event with position > `after`: first those stored, then each new one as it is appended. */
  subscribe(after: number): Observable<RecordedEvent>;
  close(): Promise<void>;
}

export const EventStore = Symbol.for('kes.EventStore');
