import { Observable, type OperatorFunction } from 'rxjs';

/**
 * Hands the source's items to `handle` in order, one batch at a time: a batch is what arrived (up to `max`) while
 * the batch before was being handled, and items that arrive together (in one tick) go together. So a lone item goes
 * at once, and under load batches grow and round trips shrink. Emits each batch once handled; errors when `handle`
 * fails (what is left is dropped: the caller starts again from its checkpoint); completes when the source has
 * completed and the last batch is done.
 */
export function inBatches<T>(handle: (batch: T[]) => Promise<void>, max: number): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      const waiting: T[] = [];
      let handling = false;
      let ended = false;
      const next = () => {
        if (handling || subscriber.closed) return;
        if (waiting.length === 0) return void (ended && subscriber.complete());
        handling = true;
        const batch = waiting.splice(0, max);
        // A handler that throws rather than rejects fails the batch all the same.
        new Promise<void>((resolve) => resolve(handle(batch))).then(
          () => {
            handling = false;
            subscriber.next(batch);
            next();
          },
          (error: unknown) => subscriber.error(error),
        );
      };
      return source.subscribe({
        next: (item) => {
          waiting.push(item);
          if (waiting.length === 1) queueMicrotask(next);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          ended = true;
          next();
        },
      });
    });
}
