import type { FastifyReply, FastifyRequest } from 'fastify';
import { changesSince } from '../../../application/queries/changes-since.js';
import type { ModelChange, ModelKind, ReadModels, WatchEventType } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import type { ListOptions } from '../k8s/list-options.js';
import { listVersionRefusal, watchFrom } from '../k8s/resource-version.js';
import { streamLines } from '../k8s/watch.js';
import { JsonText, type SharedJson } from '../k8s/shared-json.js';
import type { StatusBody } from '../status.js';
import { isStatus, sendStatus } from './object-requests.js';

export type ViewOf<K extends ModelKind> = Extract<ModelChange, { kind: K }>['view'];

/** What a BOOKMARK carries: only the resourceVersion the watch has reached (and, ending the initial events, an annotation). */
export type BookmarkMeta = Readonly<{ resourceVersion: string; annotations?: Readonly<Record<string, string>> }>;

/** What to watch: one kind's views (keyed as the read models key them), which of them, and how each is sent. */
export type ViewWatch<K extends ModelKind> = Readonly<{
  kind: K;
  entries: (models: ReadModels) => Iterable<readonly [string, ViewOf<K>]>;
  matches: (view: ViewOf<K>) => boolean;
  /** May be asynchronous: lines still go out in the order of the changes. */
  shape: (view: ViewOf<K>) => unknown;
  /** The object of a BOOKMARK event: the kind's, with nothing but its metadata. */
  bookmark: (metadata: BookmarkMeta) => unknown;
  /**
   * Where watches of this kind and format share the JSON of what they send, when `shape` depends on the view alone
   * (not on the request, nor on anything but the view that changes): rendered and serialized once for all of them.
   */
  shared?: SharedJson;
}>;

type WatchQuery = { resourceVersion?: string; timeoutSeconds?: string };

/** How often a watch that allows bookmarks gets one, as kube-apiserver's watch cache sends them (about once a minute). */
export const BOOKMARK_INTERVAL_MS = 60_000;

/** The annotation on the BOOKMARK that ends a watch's initial events (`sendInitialEvents=true`). */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** Where a watch starts, and whether it first sends every current match as ADDED. */
type Start = Readonly<{ position: number; initialEvents: boolean }>;

/**
 * A watch's start. With `sendInitialEvents=true` (and `resourceVersionMatch=NotOlderThan`): the current matches,
 * from read models at least as fresh as the resourceVersion asked for, as ADDED, then a BOOKMARK marking their
 * end; with `sendInitialEvents=false`, only the changes after it (or after now). Otherwise as before watch-lists: from a resourceVersion, the changes after it; without one (or 0), the
 * current matches as ADDED and then the changes. A resourceVersion the log has and the live read models have not
 * reached yet is waited for, briefly, as a list waits.
 */
async function startOf(deps: ApiDeps, query: WatchQuery, options: ListOptions): Promise<Start | StatusBody> {
  if (options.sendInitialEvents) {
    const refusal = await listVersionRefusal(deps, query.resourceVersion);
    return refusal ?? { position: deps.models.position, initialEvents: true };
  }
  const requested = await watchFrom(deps, query.resourceVersion);
  if (isStatus(requested)) return requested;
  const refusal = requested > deps.models.position ? await listVersionRefusal(deps, query.resourceVersion) : undefined;
  if (refusal) return refusal;
  if (options.sendInitialEvents === false) return { position: requested > 0 ? requested : deps.models.position, initialEvents: false };
  return requested > 0 ? { position: requested, initialEvents: false } : { position: deps.models.position, initialEvents: true };
}

/**
 * How a change shows to a watch with these selectors: an object that comes to match them is ADDED, one that stops
 * matching is DELETED (as in Kubernetes), one that matches neither before nor after is not sent.
 */
export function watchEventOf<K extends ModelKind>(
  change: Extract<ModelChange, { kind: K }>, matches: (view: ViewOf<K>) => boolean, from = 0,
): Readonly<{ type: WatchEventType; view: ViewOf<K> }> | undefined {
  const view = (change.type === 'DELETED' ? { ...change.view, resourceVersion: change.event.position } : change.view) as ViewOf<K>;
  // A watch from inside a write's append (a resourceVersion listed while the write was half applied) knows the object.
  const halfSeen = change.type === 'ADDED' && change.began !== undefined && change.began <= from;
  const was = halfSeen ? matches(view) : change.before !== undefined && matches(change.before as ViewOf<K>);
  const is = change.type !== 'DELETED' && matches(view);
  if (!was && !is) return undefined;
  return { type: !is ? 'DELETED' : was ? 'MODIFIED' : 'ADDED', view };
}

/**
 * A watch from any resourceVersion up to the log's head, for any kind, started from the live read models: the
 * changes since that resourceVersion come from the ones they keep (or, further back than those reach, from read
 * models rebuilt at it: the log is never compacted), then every later change is streamed. `timeoutSeconds`
 * ends the stream, so clients re-watch. With `allowWatchBookmarks=true`, a BOOKMARK with the resourceVersion the
 * watch has reached goes out about once a minute and just before the stream ends, so a client resumes from there.
 */
export async function watchViews<K extends ModelKind>(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, options: ListOptions, watch: ViewWatch<K>): Promise<void> {
  const start = await startOf(deps, request.query as WatchQuery, options);
  if (isStatus(start)) return void sendStatus(reply, start);
  streamLines(request, reply, (writeLine) => {
    let written = Promise.resolve();
    const write = (line: { type: string; object: unknown }) => {
      written = written
        .then(async () => writeLine({ type: line.type, object: await line.object }))
        .catch((error: unknown) => writeLine({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } }));
    };
    /** A view's line: from JSON shared with the other watches when the kind allows it (`source` is what it is kept by). */
    const send = (type: string, view: ViewOf<K>, source: object) => {
      if (!watch.shared) return write({ type, object: watch.shape(view) });
      const json = watch.shared.of(source, () => watch.shape(view));
      written = written
        .then(async () => writeLine(new JsonText(`{"type":"${type}","object":${await json}}`)))
        .catch((error: unknown) => writeLine({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } }));
    };
    // Until the changes come from the live models, the watch has got as far as the last change it was handed.
    let live = false;
    let reached = start.position;
    const bookmark = (annotations?: Record<string, string>) =>
      write({ type: 'BOOKMARK', object: watch.bookmark({ resourceVersion: String(live ? deps.models.position : reached), ...(annotations ? { annotations } : {}) }) });
    // From here to the subscription nothing awaits: the live models cannot move between the listing and the changes.
    const from = start.initialEvents ? deps.models.position : start.position;
    if (start.initialEvents)
      for (const [, view] of watch.entries(deps.models)) if (watch.matches(view)) send('ADDED', view, view);
    const changes = changesSince(deps.models, deps.store, watch.kind, from, () => (live = true), deps.past).subscribe({
      next: (change) => {
        reached = change.event.position;
        const event = watchEventOf(change, watch.matches, from);
        if (event) send(event.type, event.view, change);
      },
      error: (error: unknown) => write({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } }),
    });
    if (options.sendInitialEvents) bookmark({ [INITIAL_EVENTS_END]: 'true' });
    if (options.allowWatchBookmarks) {
      const every = setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS);
      changes.add(() => clearInterval(every));
    }
    // 0 is no timeout; a negative one ends the watch once it has sent what it had, as kube-apiserver's timer fires at once.
    const seconds = options.timeoutSeconds ?? 0;
    if (seconds !== 0) {
      const timer = setTimeout(() => {
        if (options.allowWatchBookmarks) bookmark();
        changes.unsubscribe();
        void written.then(() => reply.raw.end());
      }, Math.max(seconds, 0) * 1000);
      changes.add(() => clearTimeout(timer));
    }
    return changes;
  });
}
