import type { FastifyReply, FastifyRequest } from 'fastify';
import { readModelsAt } from '../../../application/queries/at-position.js';
import { changesOf, type ModelChange, type ModelKind, type ReadModels } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import type { ListOptions } from '../k8s/list-options.js';
import { listVersionRefusal, watchFrom } from '../k8s/resource-version.js';
import { streamLines } from '../k8s/watch.js';
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
 * current matches as ADDED and then the changes.
 */
async function startOf(deps: ApiDeps, query: WatchQuery, options: ListOptions): Promise<Start | StatusBody> {
  if (options.sendInitialEvents) {
    const refusal = await listVersionRefusal(deps, query.resourceVersion);
    return refusal ?? { position: Math.max(deps.models.position, options.resourceVersion ?? 0), initialEvents: true };
  }
  const requested = await watchFrom(deps, query.resourceVersion);
  if (isStatus(requested)) return requested;
  if (options.sendInitialEvents === false) return { position: requested > 0 ? requested : deps.models.position, initialEvents: false };
  return requested > 0 ? { position: requested, initialEvents: false } : { position: deps.models.position, initialEvents: true };
}

/**
 * A watch from any resourceVersion up to the log's head, for any kind: the read models are rebuilt as they were
 * at that position (the log is never compacted), then every later change is streamed. As in Kubernetes, an
 * object that comes to match the selectors is ADDED and one that stops matching is DELETED. `timeoutSeconds`
 * ends the stream, so clients re-watch. With `allowWatchBookmarks=true`, a BOOKMARK with the resourceVersion the
 * watch has reached goes out about once a minute and just before the stream ends, so a client resumes from there.
 */
export async function watchViews<K extends ModelKind>(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, options: ListOptions, watch: ViewWatch<K>): Promise<void> {
  const { timeoutSeconds } = request.query as WatchQuery;
  const start = await startOf(deps, request.query as WatchQuery, options);
  if (isStatus(start)) return void sendStatus(reply, start);
  streamLines(request, reply, async (writeLine) => {
    let written = Promise.resolve();
    const write = (line: { type: string; object: unknown }) => {
      written = written
        .then(async () => writeLine({ type: line.type, object: await line.object }))
        .catch((error: unknown) => writeLine({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } }));
    };
    const models = await readModelsAt(deps.store, start.position);
    const bookmark = (annotations?: Record<string, string>) =>
      write({ type: 'BOOKMARK', object: watch.bookmark({ resourceVersion: String(models.position), ...(annotations ? { annotations } : {}) }) });
    const matching = new Set<string>();
    for (const [key, view] of watch.entries(models)) {
      if (!watch.matches(view)) continue;
      matching.add(key);
      if (start.initialEvents) write({ type: 'ADDED', object: watch.shape(view) });
    }
    if (options.sendInitialEvents) bookmark({ [INITIAL_EVENTS_END]: 'true' });
    const changes = changesOf(models, watch.kind).subscribe((change) => {
      const view = (change.type === 'DELETED' ? { ...change.view, resourceVersion: change.event.position } : change.view) as ViewOf<K>;
      const was = matching.has(change.key);
      const is = change.type !== 'DELETED' && watch.matches(view);
      if (is) matching.add(change.key);
      else matching.delete(change.key);
      if (was || is) write({ type: !is ? 'DELETED' : was ? 'MODIFIED' : 'ADDED', object: watch.shape(view) });
    });
    changes.add(deps.store.subscribe(models.position).subscribe((event) => models.apply(event)));
    if (options.allowWatchBookmarks) {
      const every = setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS);
      changes.add(() => clearInterval(every));
    }
    const seconds = Number(timeoutSeconds);
    if (seconds > 0) {
      const timer = setTimeout(() => {
        if (options.allowWatchBookmarks) bookmark();
        changes.unsubscribe();
        void written.then(() => reply.raw.end());
      }, seconds * 1000);
      changes.add(() => clearTimeout(timer));
    }
    return changes;
  });
}
