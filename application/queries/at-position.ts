import type { EventStore } from '../ports/event-store.js';
import { ReadModels } from '../projections/read-models.js';

const PAGE = 10_000;

/** The read models as they were right after `position` (the log is never compacted, so any point can be rebuilt). */
export async function readModelsAt(store: EventStore, position: number): Promise<ReadModels> {
  const models = new ReadModels();
  while (models.position < position) {
    const page = await store.readAll(models.position, PAGE);
    if (page.length === 0) break;
    for (const event of page) if (event.position <= position) models.apply(event);
    if (page.at(-1)!.position >= position) break;
  }
  return models;
}
