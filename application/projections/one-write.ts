import type { WatchEventType } from './view-table.js';

/** What a change of one object says: its view before and after, and how it changed. */
type Change = Readonly<{ type: WatchEventType; view: unknown; before: unknown }>;

/**
 * Two changes of one object by one write (events of one append) as the one change the write made: from the view
 * before the first to the view after the second. A write that creates the object adds it, however many events it
 * took; one that creates and deletes it changed nothing anyone saw (undefined). `held` is undefined when the
 * write's events so far changed nothing.
 */
export function oneWrite<C extends Change>(held: C | undefined, next: C): C | undefined {
  if (!held) return next;
  if (held.type === 'ADDED' && next.type === 'DELETED') return undefined;
  const type: WatchEventType = held.type === 'ADDED' ? 'ADDED' : held.type === 'DELETED' && next.type === 'ADDED' ? 'MODIFIED' : next.type;
  return { ...next, type, before: held.before };
}
