import type { RecordedEvent } from '../../domain/shared/event.js';
import { summaryOf } from './event-summaries.js';

export type HistoryItem = Readonly<{
  position: number;
  revision: number;
  type: string;
  at: string;
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  summary: string;
  data: unknown;
}>;

const SECRET_FIELDS = new Set(['credentialHash', 'secretHash', 'adminTokenHash']);

/** One line a person can read, for `kesctl history` and `describe … Events`. */
export const summarize = (event: RecordedEvent): string => summaryOf(event.type, event.data);

function redact(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '<redacted>' : v]));
}

/** The event with the hashes of credentials and tokens it records left out, as it is shown or published outside the API server. */
export const withoutCredentialHashes = (event: RecordedEvent): RecordedEvent => ({ ...event, data: redact(event.data) as RecordedEvent['data'] });

export function historyItem(event: RecordedEvent): HistoryItem {
  const { metadata: m } = event;
  return {
    position: event.position,
    revision: event.revision,
    type: event.type,
    at: m.at,
    actor: m.actor,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    summary: summarize(event),
    data: redact(event.data),
  };
}
