import type { EventToAppend } from '../../application/ports/event-store.js';

/**
 * How an event is kept in the log: the JSON of the recorded event, except that `correlationId` and
 * `causationId` are left out where they equal `commandId`, as they do for every event of a command that
 * starts a chain. Those two ids are a quarter of a typical record, and decoding is the cost of reading
 * the log, which JSON.parse of the record bounds. Records written with them are read as they are.
 */
export function encodeRecord(stream: string, event: EventToAppend): string {
  const { correlationId, causationId, ...metadata } = event.metadata;
  const stored = {
    ...metadata,
    ...(correlationId !== metadata.commandId && { correlationId }),
    ...(causationId !== metadata.commandId && { causationId }),
  };
  // Without its closing brace: the writer adds the revision and position.
  return JSON.stringify({ id: event.id, stream, type: event.type, data: event.data ?? null, metadata: stored }).slice(0, -1);
}

type StoredMetadata = { commandId: string; correlationId?: string; causationId?: string };

/** Decodes stored records into recorded events, putting back the ids that were left out. */
export function decodeRecords<T>(records: readonly string[]): T[] {
  return records.map((record) => {
    const event = JSON.parse(record) as { metadata: StoredMetadata };
    const metadata = event.metadata;
    metadata.correlationId ??= metadata.commandId;
    metadata.causationId ??= metadata.commandId;
    return event as T;
  });
}

