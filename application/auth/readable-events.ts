import { AUDIT_CATEGORY, withRecordRedacted } from '../../domain/audit/audit.js';
import { streamCategory, type RecordedEvent } from '../../domain/shared/event.js';
import type { ReadModels } from '../projections/read-models.js';
import { objectOfStream } from '../queries/streamed-kinds.js';
import type { Identity } from './authenticate.js';
import { authorizeRequest } from './authorize-request.js';
import { KES_GROUP } from './paths.js';

/** The fields of a payload that carry an object's data, and annotations, which may copy it (kubectl's last-applied). */
const DATA_FIELDS = new Set(['data', 'binaryData', 'encryptedData', 'stringData']);

type Payload = Record<string, unknown>;
const isPayload = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The payload with its data and annotations emptied, its shape kept, so projections still fold it. */
function leftOut(data: unknown, type: string): RecordedEvent['data'] {
  if (!isPayload(data)) return data as RecordedEvent['data'];
  const kept = Object.entries(data).map(([key, value]) => {
    if (DATA_FIELDS.has(key)) return [key, {}];
    if (key === 'meta' && isPayload(value)) return [key, { ...value, annotations: {} }];
    if (key === 'set' && type === 'AnnotationsChanged') return [key, {}];
    return [key, value];
  });
  return Object.fromEntries(kept);
}

/** Kinds whose data a reader may see only where it may read the object itself (a node: only those its pods use). */
const GUARDED_KINDS = new Set(['Secret', 'ConfigMap']);

/** Audit records name other users and their addresses: only who may read the audit sees what they hold. */
const isAudit = (event: RecordedEvent) => streamCategory(event.stream) === AUDIT_CATEGORY;
const AUDIT_READ = { verb: 'list', apiGroup: KES_GROUP, resource: 'audit', subresource: '', namespace: '', name: '' } as const;

/**
 * The event as a reader who may read no Secret or ConfigMap sees it: for a stream every node may follow (the NATS
 * stream), whose readers cannot be told apart: their data and annotations stay with the API server.
 */
export function withGuardedDataLeftOut(event: RecordedEvent): RecordedEvent {
  if (isAudit(event)) return withRecordRedacted(event);
  const object = objectOfStream(event.stream);
  return object && GUARDED_KINDS.has(object.kind.kind) ? { ...event, data: leftOut(event.data, event.type) } : event;
}

/** Whether `user` may `get` the object whose stream the event is on (the cluster and allocations are no object: readable). */
export function mayReadObjectOf(user: Identity, event: RecordedEvent, models: ReadModels): boolean {
  if (isAudit(event)) return authorizeRequest(user, AUDIT_READ, models).allowed;
  const object = objectOfStream(event.stream);
  if (!object) return true;
  const { apiGroup, resource } = object.kind;
  const get = { verb: 'get', apiGroup, resource, subresource: '', namespace: object.namespace ?? '', name: object.name } as const;
  return authorizeRequest(user, get, models).allowed;
}

/**
 * An event as `user` may see it in a feed: as stored, or — for an object the user may not read (a node and a
 * Secret its pods do not use) — with that object's data left out. The same rules as a `get` of the object.
 */
export function eventAsSeenBy(user: Identity, event: RecordedEvent, models: ReadModels): RecordedEvent {
  if (mayReadObjectOf(user, event, models)) return event;
  return isAudit(event) ? withRecordRedacted(event) : { ...event, data: leftOut(event.data, event.type) };
}
