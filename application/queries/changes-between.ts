import type { EventStore } from '../ports/event-store.js';
import type { ReadModels } from '../projections/read-models.js';
import { readModelsAt } from './at-position.js';
import { actorsBetween, differences, type ObjectAtPoint, type ObjectDifference } from './object-changes.js';
import type { StreamedKind } from './streamed-kinds.js';

/** The objects of one kind in a set of read models, as the API shows them (the adapter that serves them renders them). */
export type ObjectsOfKind = (models: ReadModels) => Promise<readonly ObjectAtPoint[]>;

/** An object added, removed or changed between two positions, with who changed it in between. */
export type ObjectChange = ObjectDifference & Readonly<{ kind: string; actors: readonly string[] }>;

export type ChangesQuery = Readonly<{ kind: StreamedKind; objects: ObjectsOfKind; from: number; to: number; namespace?: string }>;

/**
 * What changed in the objects of one kind (in one namespace, if given) from right after `from` to right after
 * `to`: the cluster is rebuilt at both points (by `modelsAt`: the API server's from its snapshots, kept for the next kind), compared as the API shows it, and the actors read from each changed
 * object's stream.
 */
export async function changesBetween(
  store: EventStore,
  query: ChangesQuery,
  modelsAt: (position: number) => Promise<ReadModels> = (position) => readModelsAt(store, position),
): Promise<ObjectChange[]> {
  const { kind, objects, from, to, namespace } = query;
  const inScope = (found: readonly ObjectAtPoint[]) => (namespace === undefined ? found : found.filter((o) => o.namespace === namespace));
  const at = async (position: number) => inScope(await objects(await modelsAt(position)));
  const found = differences(await at(from), await at(to));
  return Promise.all(found.map(async (difference) => {
    const events = await store.readStream(kind.stream(difference.namespace ?? '', difference.name));
    return { kind: kind.kind, ...difference, actors: actorsBetween(events, from, to) };
  }));
}
