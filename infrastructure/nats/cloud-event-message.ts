import { headers as natsHeaders, type MsgHdrs } from 'nats';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { eventSubject, objectOfStream } from './event-subjects.js';

/** CloudEvents' `type` for a kes event: reverse-DNS prefixed, as the spec asks. */
export const CLOUDEVENT_TYPE_PREFIX = 'io.kes.';

/** The kes headers beside the CloudEvents attributes: where the event stands in the store, and who caused it. */
export const KES_HEADERS = {
  position: 'Kes-Position',
  stream: 'Kes-Stream',
  revision: 'Kes-Revision',
  actor: 'Kes-Actor',
  commandId: 'Kes-Command-Id',
  correlationId: 'Kes-Correlation-Id',
  causationId: 'Kes-Causation-Id',
  schemaVersion: 'Kes-Schema-Version',
  /** Present (`true`) on every event of an append but its last: the write goes on in the stream's next event. */
  appendContinues: 'Kes-Append-Continues',
} as const;

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

export type EventMessage = Readonly<{ subject: string; headers: MsgHdrs; body: Uint8Array }>;

/** `pod/default/web-1`, `node/worker-1`, `cluster`: the object the event is about. */
export function cloudEventSubject(stream: string): string {
  const { kind, namespace, name } = objectOfStream(stream);
  return [kind, namespace, name].filter((part) => part !== '').join('/');
}

/**
 * A recorded event as a NATS message in CloudEvents' binary content mode (NATS protocol binding): the event's
 * data is the body, its attributes are `ce-` headers, and kes' own headers say where it stands in the store.
 * `source` names the cluster; `schemas` is where `/kes/v1/schemas/<type>` is served (the dataschema).
 */
export function toMessage(event: RecordedEvent, source: string, schemas?: string): EventMessage {
  const h = natsHeaders();
  // append, not set: on fresh headers there is nothing to replace, and set looks for it through every key first.
  const add = (name: string, value: string) => h.append(name, value);
  add('ce-specversion', '1.0');
  add('ce-id', event.id);
  add('ce-source', source);
  add('ce-type', `${CLOUDEVENT_TYPE_PREFIX}${event.type}`);
  add('ce-subject', cloudEventSubject(event.stream));
  add('ce-time', event.metadata.at);
  if (schemas) add('ce-dataschema', `${schemas}/${event.type}`);
  add('content-type', 'application/json');
  add(KES_HEADERS.position, String(event.position));
  add(KES_HEADERS.stream, event.stream);
  add(KES_HEADERS.revision, String(event.revision));
  add(KES_HEADERS.actor, event.metadata.actor);
  add(KES_HEADERS.commandId, event.metadata.commandId);
  add(KES_HEADERS.correlationId, event.metadata.correlationId);
  add(KES_HEADERS.causationId, event.metadata.causationId);
  add(KES_HEADERS.schemaVersion, String(event.metadata.schemaVersion));
  if (event.metadata.appendContinues) add(KES_HEADERS.appendContinues, 'true');
  return { subject: eventSubject(event.stream, event.type), headers: h, body: UTF8_ENCODER.encode(JSON.stringify(event.data)) };
}

/** The recorded event a message of toMessage carries. */
export function fromMessage(h: MsgHdrs, body: Uint8Array): RecordedEvent {
  // Read once into a map: each MsgHdrs.get goes through every key.
  const values = new Map<string, string>();
  for (const [name, [value]] of h) if (value !== undefined) values.set(name, value);
  const get = (name: string) => values.get(name) ?? '';
  return {
    id: get('ce-id'),
    type: get('ce-type').slice(CLOUDEVENT_TYPE_PREFIX.length),
    stream: get(KES_HEADERS.stream),
    revision: Number(get(KES_HEADERS.revision)),
    position: Number(get(KES_HEADERS.position)),
    data: JSON.parse(UTF8_DECODER.decode(body)) as RecordedEvent['data'],
    metadata: {
      actor: get(KES_HEADERS.actor),
      commandId: get(KES_HEADERS.commandId),
      correlationId: get(KES_HEADERS.correlationId),
      causationId: get(KES_HEADERS.causationId),
      at: get('ce-time'),
      schemaVersion: Number(get(KES_HEADERS.schemaVersion)),
      ...(get(KES_HEADERS.appendContinues) === 'true' ? { appendContinues: true } : {}),
    },
  };
}
