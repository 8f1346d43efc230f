import { readModelsAt } from '../../../application/queries/at-position.js';
import type { ReadModels } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, type StatusBody } from '../status.js';
import { encodeContinue, type ListOptions } from './list-options.js';
import { listVersionRefusal, tooLargeResourceVersion } from './resource-version.js';

/** The read models a list is served from, and the resourceVersion it is served at. */
export type ListSource = Readonly<{ models: ReadModels; resourceVersion: number }>;

/**
 * Which read models a list reads. A paged list goes on at the resourceVersion its first page was served at, and
 * `resourceVersionMatch=Exact` asks for one: the read models as they were then, rebuilt from the log (never
 * compacted, so a continue token never expires) unless they are the live ones. Otherwise the live read models,
 * once they are at least as fresh as the resourceVersion asked for (NotOlderThan, or no match given).
 */
export async function modelsToList(deps: Pick<ApiDeps, 'models' | 'store'>, options: ListOptions): Promise<ListSource | StatusBody> {
  const at = options.continueFrom?.resourceVersion ?? (options.match === 'Exact' ? options.resourceVersion : undefined);
  if (at === undefined) {
    const refusal = await listVersionRefusal(deps, options.resourceVersion);
    return refusal ?? { models: deps.models, resourceVersion: deps.models.position };
  }
  if (at === deps.models.position) return { models: deps.models, resourceVersion: at };
  const head = await deps.store.headPosition();
  if (at > head)
    return options.continueFrom ? failure('BadRequest', 'invalid continue token: continue key is not valid: its resourceVersion is newer than the log') : tooLargeResourceVersion(at, head);
  return { models: await readModelsAt(deps.store, at), resourceVersion: at };
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
