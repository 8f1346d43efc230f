import test from 'ava';
import { firstValueFrom, lastValueFrom, Subject, toArray } from 'rxjs';
import { inBatches } from '../../application/events/in-batches.js';

test('items that arrive together go together, at most max at a time, and what arrives during a batch waits for it', async (t) => {
  const source = new Subject<number>();
  const handled: number[][] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = lastValueFrom(source.pipe(inBatches(async (batch) => {
    handled.push(batch);
    if (handled.length === 1) await held;
  }, 3), toArray()));
  [1, 2, 3, 4].forEach((n) => source.next(n));
  await Promise.resolve();
  source.next(5);
  source.complete();
  release();
  t.deepEqual(await done, [[1, 2, 3], [4, 5]], 'emits each batch once handled, then completes after the last');
  t.deepEqual(handled, [[1, 2, 3], [4, 5]]);
});

test('a batch that fails is an error, and nothing after it is handled', async (t) => {
  const source = new Subject<number>();
  const handled: number[][] = [];
  const failed = firstValueFrom(source.pipe(inBatches(async (batch) => {
    handled.push(batch);
    throw new Error(`cannot handle ${batch.join(',')}`);
  }, 10)));
  source.next(1);
  await t.throwsAsync(failed, { message: 'cannot handle 1' });
  source.next(2);
  await Promise.resolve();
  t.deepEqual(handled, [[1]]);
});

test('a handler that throws instead of rejecting fails its batch the same way', async (t) => {
  const source = new Subject<number>();
  const failed = firstValueFrom(source.pipe(inBatches(() => {
    throw new Error('thrown');
  }, 10)));
  source.next(1);
  await t.throwsAsync(failed, { message: 'thrown' });
});
