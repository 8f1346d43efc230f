import type { ReadModels } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, type StatusBody } from '../status.js';
import { encodeContinue, type ListOptions } from './list-options.js';
import { listVersionRefusal, parseResourceVersion, tooLargeResourceVersion } from './resource-version.js';

/** The read models a list is served from, and the resourceVersion it is served at. */
export type ListSource = Readonly<{ models: ReadModels; resourceVersion: number }>;

/**
 * Which read models a list reads. A paged list goes on at the resourceVersion its first page was served at, and
 * `resourceVersionMatch=Exact` asks for one: the read models as they were then, rebuilt from the nearest snapshot and
 * the log (never compacted, so a continue token never expires) unless they are the live ones. Otherwise the live read models,
 * once they are at least as fresh as the resourceVersion asked for (NotOlderThan, or no match given).
 */
export async function modelsToList(deps: Pick<ApiDeps, 'models' | 'store' | 'past'>, options: ListOptions): Promise<ListSource | StatusBody> {
  const at = options.continueFrom?.resourceVersion ?? (options.match === 'Exact' ? options.resourceVersion : undefined);
  if (at === undefined) {
    const refusal = await listVersionRefusal(deps, options.resourceVersion);
    return refusal ?? { models: deps.models, resourceVersion: deps.models.position };
  }
  if (at === deps.models.position) return { models: deps.models, resourceVersion: at };
  const head = await deps.store.headPosition();
  if (at > head)
    return options.continueFrom ? failure('BadRequest', 'invalid continue token: continue key is not valid: its resourceVersion is newer than the log') : tooLargeResourceVersion(at, head);
  return { models: await deps.past.at(at), resourceVersion: at };
}

/**
 * Which read models a get reads. kes keeps the whole log, so `?resourceVersion=N` is served exactly: the object as
 * it was right after position N (one deleted since is still found there; one made later is not) — which is also
 * "not older than N", Kubernetes' meaning. Without one (or with 0: any), the live read models.
 */
export async function modelsToGet(deps: Pick<ApiDeps, 'models' | 'store' | 'past'>, raw: unknown): Promise<ReadModels | StatusBody> {
  const at = parseResourceVersion(raw);
  if (typeof at === 'object') return at;
  if (at === undefined || at === 0 || at === deps.models.position) return deps.models;
  if (at > deps.models.position) return (await listVersionRefusal(deps, raw)) ?? deps.models;
  return deps.past.at(at);
}

export type Page<V> = Readonly<{ items: V[]; metadata: (resourceVersion: number) => { continue?: string; remainingItemCount?: number } }>;

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of a list, in the order of the keys (as kube-apiserver's storage orders them): the items after the
 * continue token's key, at most `limit` of them, and — when more are left — the token for the next page and how
 * many are left.
 */
export function pageOf<V>(views: readonly V[], keyOf: (view: V) => string, options: Pick<ListOptions, 'limit' | 'continueFrom'>): Page<V> {
  const keyed = views.map((view) => ({ key: keyOf(view), view })).sort((a, b) => byCodeUnits(a.key, b.key));
  const after = options.continueFrom?.after;
  const rest = after === undefined ? keyed : keyed.filter(({ key }) => key > after);
  const shown = options.limit === undefined ? rest : rest.slice(0, options.limit);
  const remaining = rest.length - shown.length;
  return {
    items: shown.map(({ view }) => view),
    metadata: (resourceVersion) =>
      remaining > 0 ? { continue: encodeContinue({ resourceVersion, after: shown.at(-1)!.key }), remainingItemCount: remaining } : {},
  };
}
