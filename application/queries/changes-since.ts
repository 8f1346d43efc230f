import { Observable, type Subscriber } from 'rxjs';
import type { EventStore } from '../ports/event-store.js';
import { changesOf, type ModelChange, type ModelKind, type ReadModels } from '../projections/read-models.js';
import { readModelsAt, replayInto } from './at-position.js';
import type { Gate } from './gate.js';

type ChangeOfKind<K extends ModelKind> = Extract<ModelChange, { kind: K }>;

/** Where read models of a watch's own come from when the live ones no longer keep its changes, and whose turn it is. */
export type PastRebuilds = Readonly<{ fresh(position: number): Promise<ReadModels>; replays?: Gate }>;

/**
 * Every change of `kind` after `position`, then every later one as the live read models apply it: what a watch
 * from a resourceVersion streams. When the live models still keep the changes since `position` (their recent
 * changes), this costs only those changes; otherwise read models are rebuilt as they were at `position` and
 * brought forward from the log until the recent changes reach back to where they are (a few at a time, when `past`
 * has a gate of `replays`: each holds a whole copy of the models until then). The hand-over from kept
 * changes to live ones happens in one synchronous step, so no change is missed or sent twice. `onLive` is called
 * once the changes come from the live models, whose position then says how far the stream has got.
 */
export function changesSince<K extends ModelKind>(
  models: ReadModels,
  store: EventStore,
  kind: K,
  position: number,
  onLive: () => void = () => undefined,
  past: PastRebuilds = { fresh: (at) => readModelsAt(store, at) },
): Observable<ChangeOfKind<K>> {
  return new Observable<ChangeOfKind<K>>((subscriber) => {
    if (models.recentChanges.coversAfter(position)) return followFrom(models, kind, position, subscriber, onLive);
    let stopped = false;
    let live: (() => void) | undefined;
    // Caught up, the watch follows the live models in the same turn: its turn at the gate ends only once it is live.
    const catchUp = async () => {
      const reached = await rebuiltUntilKept(models, store, () => past.fresh(position), kind, subscriber, () => stopped);
      if (reached !== undefined && !stopped) live = followFrom(models, kind, reached, subscriber, onLive);
    };
    (past.replays ? past.replays.run(catchUp) : catchUp()).catch((error: unknown) => subscriber.error(error));
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
 * Read models rebuilt at the watch's position (from the nearest snapshot, by `rebuild`) and replayed forward from the
 * log, their changes of `kind` sent, until the live models' recent changes cover where they are; that position
 * (undefined when stopped first, even before the rebuild began).
 */
async function rebuiltUntilKept<K extends ModelKind>(
  models: ReadModels,
  store: EventStore,
  rebuild: () => Promise<ReadModels>,
  kind: K,
  subscriber: Subscriber<ChangeOfKind<K>>,
  stopped: () => boolean,
): Promise<number | undefined> {
  if (stopped()) return undefined;
  const rebuilt = await rebuild();
  const own = changesOf(rebuilt, kind).subscribe((change) => subscriber.next(change));
  try {
    while (!stopped() && !models.recentChanges.coversAfter(rebuilt.position)) await replayInto(rebuilt, store, models.position);
  } finally {
    own.unsubscribe();
  }
  return stopped() ? undefined : rebuilt.position;
}
