import type { EventStore } from '../ports/event-store.js';
import { ReadModels } from '../projections/read-models.js';

const PAGE = 10_000;

/** Applies the stored events after `models.position` up to `upTo` (the store's head when omitted). */
export async function replayInto(models: ReadModels, store: EventStore, upTo = Number.MAX_SAFE_INTEGER): Promise<ReadModels> {
  while (models.position < upTo) {
    const page = await store.readAll(models.position, PAGE);
    if (page.length === 0) break;
    for (const event of page) if (event.position <= upTo) models.apply(event);
    if (page.at(-1)!.position >= upTo) break;
  }
  return models;
}

/** The read models as they were right after `position` (the log is never compacted, so any point can be rebuilt). */
export const readModelsAt = (store: EventStore, position: number): Promise<ReadModels> => replayInto(new ReadModels(), store, position);
