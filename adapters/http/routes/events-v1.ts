import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import type { K8sEvent } from '../k8s/k8s-types.js';
import { watchRequested } from '../k8s/watch.js';
import { failure } from '../status.js';
import { isStatus, sendStatus } from './object-requests.js';
import { objectOfStream } from '../../../application/queries/streamed-kinds.js';
import { eventSelector, listEvents, watchEvents, type EventQuery } from './events.js';

const PREFIX = '/apis/events.k8s.io/v1';
const API_VERSION = 'events.k8s.io/v1';

/** events.k8s.io/v1 names for the core fields: `regarding.*` for `involvedObject.*`, `reportingController` for the source. */
const FIELD_NAMES: Readonly<Record<string, string>> = { reportingController: 'reportingComponent', 'deprecatedSource.component': 'source' };
const coreField = (field: string) => (field.startsWith('regarding.') ? `involvedObject.${field.slice('regarding.'.length)}` : FIELD_NAMES[field] ?? field);

/** A core/v1 Event in the events.k8s.io/v1 shape (kube-apiserver serves one object in both). */
export function eventV1(e: K8sEvent) {
  return {
    apiVersion: API_VERSION,
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    regarding: e.involvedObject,
    note: e.message,
    reason: e.reason,
    type: e.type,
    action: e.reason,
    reportingController: e.reportingComponent ?? e.source.component ?? '',
    reportingInstance: e.reportingInstance ?? '',
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  };
}

/** The query with its field selector spelled in core/v1 field names. */
function asCoreQuery(query: EventQuery): EventQuery {
  if (!query.fieldSelector) return query;
  const fieldSelector = query.fieldSelector.split(',').map((term) => term.replace(/^\s*([A-Za-z0-9_.]+)/, (field) => coreField(field.trim()))).join(',');
  return { ...query, fieldSelector };
}

/** events.k8s.io/v1 Events: the same events as core/v1, listed, watched or read one by one. */
export function eventsV1Routes(app: FastifyInstance, deps: ApiDeps): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply, namespace: string | undefined) => {
    const query = asCoreQuery(request.query as EventQuery);
    const fields = eventSelector(query);
    if (isStatus(fields)) return sendStatus(reply, fields);
    if (watchRequested(request.query as EventQuery)) return watchEvents(deps, request, reply, namespace, fields, eventV1);
    const { items, resourceVersion } = await listEvents(deps, request, namespace, fields);
    return { kind: 'EventList', apiVersion: API_VERSION, metadata: { resourceVersion }, items: items.map(eventV1) };
  };
  app.get(`${PREFIX}/events`, (request, reply) => serve(request, reply, undefined));
  app.get<{ Params: { namespace: string } }>(`${PREFIX}/namespaces/:namespace/events`, (request, reply) => serve(request, reply, request.params.namespace));
  app.get<{ Params: { namespace: string; name: string } }>(`${PREFIX}/namespaces/:namespace/events/:name`, async (request, reply) => {
    const { namespace, name } = request.params;
    const { items } = await listEvents(deps, request, namespace, [{ field: 'metadata.name', value: name, equal: true }]);
    const found = items.find((e) => e.metadata.name === name) ?? (await oneEvent(deps, request, namespace, name));
    if (!found) return sendStatus(reply, failure('NotFound', `events.events.k8s.io "${name}" not found`, { name, group: 'events.k8s.io', kind: 'events' }));
    return eventV1(found);
  });
}

/** An event named `<object>.<position>`, read at its position (it may be older than the recent ones a list looks through). */
async function oneEvent(deps: ApiDeps, request: FastifyRequest, namespace: string, name: string): Promise<K8sEvent | undefined> {
  const position = Number(/\.(\d+)$/.exec(name)?.[1]);
  if (!(position > 0)) return undefined;
  const [event] = await deps.store.readAll(position - 1, 1);
  if (!event || event.position !== position) return undefined;
  const { items } = await listEventsAt(deps, request, namespace, event.stream);
  return items.find((e) => e.metadata.name === name);
}

/** The events of one object's stream (by its kind and name as the stream names them). */
async function listEventsAt(deps: ApiDeps, request: FastifyRequest, namespace: string, stream: string) {
  const subject = objectOfStream(stream);
  if (!subject) return { items: [] as K8sEvent[] };
  const fields = [{ field: 'involvedObject.kind', value: subject.kind.kind, equal: true }, { field: 'involvedObject.name', value: subject.name, equal: true }];
  return listEvents(deps, request, namespace, fields);
}
