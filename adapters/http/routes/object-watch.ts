import type { FastifyReply, FastifyRequest } from 'fastify';
import { readModelsAt } from '../../../application/queries/at-position.js';
import { changesOf, type ModelChange, type ModelKind, type ReadModels } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import { watchFrom } from '../k8s/resource-version.js';
import { streamLines } from '../k8s/watch.js';
import { isStatus, sendStatus } from './object-requests.js';

export type ViewOf<K extends ModelKind> = Extract<ModelChange, { kind: K }>['view'];

/** What to watch: one kind's views (keyed as the read models key them), which of them, and how each is sent. */
export type ViewWatch<K extends ModelKind> = Readonly<{
  kind: K;
  entries: (models: ReadModels) => Iterable<readonly [string, ViewOf<K>]>;
  matches: (view: ViewOf<K>) => boolean;
  /** May be asynchronous: lines still go out in the order of the changes. */
  shape: (view: ViewOf<K>) => unknown;
}>;

type WatchQuery = { resourceVersion?: string; timeoutSeconds?: string };

/**
 * A watch from any resourceVersion up to the log's head, for any kind: the read models are rebuilt as they were
 * at that position (the log is never compacted), then every later change is streamed. Without a resourceVersion,
 * every current match is sent as ADDED first. As in Kubernetes, an object that comes to match the selectors is
 * ADDED and one that stops matching is DELETED. `timeoutSeconds` ends the stream, so clients re-watch.
 */
export async function watchViews<K extends ModelKind>(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, watch: ViewWatch<K>): Promise<void> {
  const { resourceVersion, timeoutSeconds } = request.query as WatchQuery;
  const requested = await watchFrom(deps, resourceVersion);
  if (isStatus(requested)) return void sendStatus(reply, requested);
  streamLines(request, reply, async (writeLine) => {
    let written = Promise.resolve();
    const write = (line: { type: string; object: unknown }) => {
      written = written
        .then(async () => writeLine({ type: line.type, object: await line.object }))
        .catch((error: unknown) => writeLine({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } }));
    };
    const models = await readModelsAt(deps.store, requested > 0 ? requested : deps.models.position);
    const matching = new Set<string>();
    for (const [key, view] of watch.entries(models)) {
      if (!watch.matches(view)) continue;
      matching.add(key);
      if (!(requested > 0)) write({ type: 'ADDED', object: watch.shape(view) });
    }
    const changes = changesOf(models, watch.kind).subscribe((change) => {
      const view = (change.type === 'DELETED' ? { ...change.view, resourceVersion: change.event.position } : change.view) as ViewOf<K>;
      const was = matching.has(change.key);
      const is = change.type !== 'DELETED' && watch.matches(view);
      if (is) matching.add(change.key);
      else matching.delete(change.key);
      if (was || is) write({ type: !is ? 'DELETED' : was ? 'MODIFIED' : 'ADDED', object: watch.shape(view) });
    });
    changes.add(deps.store.subscribe(models.position).subscribe((event) => models.apply(event)));
    const seconds = Number(timeoutSeconds);
    if (seconds > 0) {
      const timer = setTimeout(() => {
        changes.unsubscribe();
        void written.then(() => reply.raw.end());
      }, seconds * 1000);
      changes.add(() => clearTimeout(timer));
    }
    return changes;
  });
}
