import { Observable, type Subscriber } from 'rxjs';
import type { EventStore } from '../ports/event-store.js';
import { changesOf, type ModelChange, type ModelKind, type ReadModels } from '../projections/read-models.js';
import { readModelsAt, replayInto } from './at-position.js';

type ChangeOfKind<K extends ModelKind> = Extract<ModelChange, { kind: K }>;

/**
 * Every change of `kind` after `position`, then every later one as the live read models apply it: what a watch
 * from a resourceVersion streams. When the live models still keep the changes since `position` (their recent
 * changes), this costs only those changes; otherwise read models are rebuilt as they were at `position` and
 * brought forward from the log until the recent changes reach back to where they are. The hand-over from kept
 * changes to live ones happens in one synchronous step, so no change is missed or sent twice. `onLive` is called
 * once the changes come from the live models, whose position then says how far the stream has got.
 */
export function changesSince<K extends ModelKind>(
  models: ReadModels,
  store: EventStore,
  kind: K,
  position: number,
  onLive: () => void = () => undefined,
  rebuildAt: (position: number) => Promise<ReadModels> = (at) => readModelsAt(store, at),
): Observable<ChangeOfKind<K>> {
  return new Observable<ChangeOfKind<K>>((subscriber) => {
    if (models.recentChanges.coversAfter(position)) return followFrom(models, kind, position, subscriber, onLive);
    let stopped = false;
    let live: (() => void) | undefined;
    void rebuiltUntilKept(models, store, rebuildAt(position), kind, subscriber, () => stopped).then(
      (reached) => {
        if (reached !== undefined && !stopped) live = followFrom(models, kind, reached, subscriber, onLive);
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      stopped = true;
      live?.();
    };
  });
}

/** Sends the kept changes after `position`, then subscribes to the live ones: synchronously, so nothing slips between. */
function followFrom<K extends ModelKind>(models: ReadModels, kind: K, position: number, subscriber: Subscriber<ChangeOfKind<K>>, onLive: () => void): () => void {
  for (const change of models.recentChanges.after(position)) if (change.kind === kind) subscriber.next(change as ChangeOfKind<K>);
  onLive();
  const live = changesOf(models, kind).subscribe(subscriber);
  return () => live.unsubscribe();
}

/**
 * Read models rebuilt at the watch's position (from the nearest snapshot, by `rebuildAt`) and replayed forward from the log, their changes of `kind` sent, until the live
 * models' recent changes cover where they are; that position (undefined when stopped first).
 */
async function rebuiltUntilKept<K extends ModelKind>(
  models: ReadModels,
  store: EventStore,
  rebuilding: Promise<ReadModels>,
  kind: K,
  subscriber: Subscriber<ChangeOfKind<K>>,
  stopped: () => boolean,
): Promise<number | undefined> {
  const rebuilt = await rebuilding;
  const own = changesOf(rebuilt, kind).subscribe((change) => subscriber.next(change));
  try {
    while (!stopped() && !models.recentChanges.coversAfter(rebuilt.position)) await replayInto(rebuilt, store, models.position);
  } finally {
    own.unsubscribe();
  }
  return stopped() ? undefined : rebuilt.position;
}
