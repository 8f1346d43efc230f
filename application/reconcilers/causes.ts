import type { Cause } from '../projections/last-events.js';
import type { ReadModels } from '../projections/read-models.js';

/** The cause of a reconcile whose key is the object's key: the last event of its stream (`<category>-<key>`). */
export const lastEventOf = (models: ReadModels, category: string) => (key: string): Cause | undefined => models.lastEvents.of(`${category}-${key}`);
