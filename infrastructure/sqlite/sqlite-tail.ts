import { Observable } from 'rxjs';
import type { RecordedEvent } from '../../domain/shared/event.js';

/** Told of every commit, in commit order, and when the log closes. */
export type CommitListener = Readonly<{
  committed: (events: readonly RecordedEvent[]) => void;
  closed: () => void;
}>;

export type TailSource = Readonly<{
  /** Synchronous read of up to `limit` stored events after `after`, ascending. */
  readAll: (after: number, limit: number) => RecordedEvent[];
  /** Registers a listener; returns the function that removes it. */
  listen: (listener: CommitListener) => () => void;
}>;

/**
 * Every event after `after`: stored ones in batches (yielding to the event loop between batches),
 * then each commit as it happens. While catching up, commits are ignored: the next batch reads them
 * from the store. A commit that does not continue exactly where the subscriber is (which only a
 * writer in another process could cause) is also read from the store, so there are no gaps or repeats.
 */
export function tailLog(source: TailSource, after: number, batchSize = 512): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let cursor = after;
    let catchingUp = true;
    let timer: NodeJS.Immediate | undefined;

    const deliver = (event: RecordedEvent): void => {
      if (event.position <= cursor || subscriber.closed) return;
      cursor = event.position;
      subscriber.next(event);
    };
    const catchUp = (): void => {
      timer = undefined;
      try {
        const batch = source.readAll(cursor, batchSize);
        batch.forEach(deliver);
        if (batch.length < batchSize) catchingUp = false;
        else if (!subscriber.closed) timer = setImmediate(catchUp);
      } catch (error) {
        subscriber.error(error);
      }
    };
    const stopListening = source.listen({
      committed: (events) => {
        if (catchingUp || subscriber.closed || events.length === 0) return;
        if (events[0].position <= cursor + 1) events.forEach(deliver);
        else {
          catchingUp = true;
          catchUp();
        }
      },
      closed: () => subscriber.complete(),
    });
    catchUp();
    return () => {
      stopListening();
      if (timer) clearImmediate(timer);
    };
  });
}
