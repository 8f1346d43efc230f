import type { RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore } from '../ports/event-store.js';
import { positionAt } from './position-at-time.js';

const PAGE = 10_000;
/** At most this many events in one trace: a chain that keeps going (a pod's status reports) is cut, and says so. */
export const TRACE_LIMIT = 20_000;

export type TracedEvents = Readonly<{ events: RecordedEvent[]; truncated: boolean }>;

/**
 * The events after `after` that `wanted` keeps, reading the log page by page up to its head. `wanted` may learn as it
 * goes (a command's correlation, once its first event is seen).
 */
async function scan(store: EventStore, after: number, wanted: (event: RecordedEvent) => boolean): Promise<TracedEvents> {
  const events: RecordedEvent[] = [];
  for (let position = after; ; ) {
    const page = await store.readAll(position, PAGE);
    if (page.length === 0) return { events, truncated: false };
    for (const event of page) {
      if (!wanted(event)) continue;
      if (events.length === TRACE_LIMIT) return { events, truncated: true };
      events.push(event);
    }
    position = page.at(-1)!.position;
  }
}

const correlationOf = (event: RecordedEvent) => event.metadata.correlationId ?? event.metadata.commandId;

/** How far before its id's time a command's first event may lie: the clocks of the senders and the API server differ. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Where to start looking for a command's events: kes makes command ids as UUIDv7, whose first 48 bits are the time
 * the command was made, so its events lie after the log's position at that time (less a clock skew). A client may
 * name its own command id (Kes-Command-Id): any other id is looked for from the first event.
 */
async function startOf(store: EventStore, commandId: string): Promise<number> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/i.test(commandId)) return 0;
  const madeAt = parseInt(commandId.slice(0, 8) + commandId.slice(9, 13), 16);
  return positionAt(store, new Date(madeAt - CLOCK_SKEW_MS));
}

/** Every event of one correlation (the root command's id). */
export const eventsOfCorrelation = async (store: EventStore, correlationId: string): Promise<TracedEvents> =>
  scan(store, await startOf(store, correlationId), (event) => correlationOf(event) === correlationId);

/** Every event of the correlation a command belongs to, from the command's first event on. */
export async function eventsFromCommand(store: EventStore, commandId: string): Promise<TracedEvents> {
  let correlationId: string | undefined;
  return scan(store, await startOf(store, commandId), (event) => {
    if (correlationId === undefined && event.metadata.commandId === commandId) correlationId = correlationOf(event);
    return correlationId !== undefined && correlationOf(event) === correlationId;
  });
}

/**
 * The events of every correlation an object's stream took part in, from the root command of each on: what led to
 * each change of the object (a pod's chain starts at the Deployment's scale) and all that those changes led to. Undefined for a stream with no events.
 */
export async function eventsAroundStream(store: EventStore, stream: string): Promise<TracedEvents | undefined> {
  const own = await store.readStream(stream);
  if (own.length === 0) return undefined;
  const correlations = new Set(own.map(correlationOf));
  // From where the earliest chain began (its root command may be older than the object: a pod's DeploymentScaled).
  const starts = await Promise.all([...correlations].map((correlation) => startOf(store, correlation)));
  return scan(store, Math.min(own[0].position - 1, ...starts), (event) => correlations.has(correlationOf(event)));
}
