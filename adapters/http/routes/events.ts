import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { summarize } from '../../../application/queries/history.js';
import type { Identity } from '../../../application/auth/authenticate.js';
import { mayReadObjectOf } from '../../../application/auth/readable-events.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import { withRowObjects } from '../k8s/table-objects.js';
import { parseFieldSelector } from '../k8s/field-selector.js';
import { eventTable } from '../k8s/objects/event-table.js';
import type { K8sEvent } from '../k8s/k8s-types.js';
import { failure } from '../status.js';
import { kindNamed, objectOfStream, type StreamedKind, type StreamObject } from '../../../application/queries/streamed-kinds.js';

const RECENT = 500;

/**
 * Status reports a controller repeats as it counts, and the record of who owns which fields (server-side apply):
 * `describe` shows those already, and Kubernetes makes no Event of either.
 */
const STATUS_ONLY = new Set(['DeploymentStatusReported', 'ReplicaSetStatusReported', 'ManagedFieldsChanged']);

function isWarning(event: RecordedEvent): boolean {
  if (event.type === 'PodUnschedulable' || event.type === 'PodEvicted' || event.type === 'ReconcileFailed') return true;
  return event.type === 'NodeReadinessChanged' && (event.data as { status: string }).status !== 'True';
}

type Shown = Readonly<{ reason: string; message: string; component: string }>;

/**
 * What `kubectl describe` users look for: kube-scheduler's FailedScheduling for an unschedulable pod, and a failing
 * controller's own reason, with that controller as the source; else the event type and its summary.
 */
function shownAs(event: RecordedEvent): Shown {
  const data = event.data as { message?: string; reason?: string; controller?: string };
  if (event.type === 'PodUnschedulable') return { reason: 'FailedScheduling', message: String(data.message), component: event.metadata.actor };
  if (event.type === 'ReconcileFailed') return { reason: String(data.reason), message: String(data.message), component: String(data.controller) };
  return { reason: event.type, message: summarize(event), component: event.metadata.actor };
}

/** A stored event shown as a core/v1 Event, so `kubectl describe` lists an object's history. */
export function k8sEvent(event: RecordedEvent, { kind, name, namespace }: StreamObject): K8sEvent {
  const { reason, message, component } = shownAs(event);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${event.position}`, namespace: namespace ?? 'default', uid: event.id, resourceVersion: String(event.position), creationTimestamp: event.metadata.at },
    involvedObject: { kind: kind.kind, name, apiVersion: kind.apiVersion, ...(namespace === undefined ? {} : { namespace }) },
    type: isWarning(event) ? 'Warning' : 'Normal',
    reason,
    message,
    source: { component },
    firstTimestamp: event.metadata.at,
    lastTimestamp: event.metadata.at,
    count: 1,
  };
}

/** The events of the object's current life: a name used again starts a new stream history at its creation. */
function currentLife(events: RecordedEvent[], kind: StreamedKind): RecordedEvent[] {
  const created = events.map((e) => e.type).lastIndexOf(`${kind.kind}Created`);
  return created > 0 ? events.slice(created) : events;
}

async function eventsOf(deps: ApiDeps, reader: Identity, wanted: Record<string, string>, namespace: string | undefined): Promise<K8sEvent[]> {
  const name = wanted['involvedObject.name'];
  const kind = kindNamed(wanted['involvedObject.kind'] ?? '');
  const objectNamespace = wanted['involvedObject.namespace'] ?? namespace ?? 'default';
  const recorded = name && kind
    ? currentLife(await deps.store.readStream(kind.stream(objectNamespace, name)), kind)
    : await deps.store.readAll(Math.max(0, deps.models.position - RECENT), RECENT);
  return recorded.flatMap((event) => {
    const subject = objectOfStream(event.stream);
    if (!subject || STATUS_ONLY.has(event.type) || !mayReadObjectOf(reader, event, deps.models)) return [];
    if (name && subject.name !== name) return [];
    if (namespace !== undefined && subject.namespace !== namespace) return [];
    return [k8sEvent(event, subject)];
  });
}

/**
 * core/v1 Events, all or of one namespace, made from the log; `involvedObject.*` field selectors pick one object's
 * stream. Only events about objects the reader may read are listed.
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const list = async (request: FastifyRequest<{ Querystring: { fieldSelector?: string } }>, namespace: string | undefined) => {
    const fields = parseFieldSelector(request.query.fieldSelector);
    if (typeof fields === 'string') return failure('BadRequest', fields);
    const wanted = Object.fromEntries(fields.filter((f) => f.equal && f.value !== '').map((f) => [f.field, f.value]));
    const items = await eventsOf(deps, request.identity!, wanted, namespace);
    const resourceVersion = String(deps.models.position);
    if (wantsTable(request)) return withRowObjects(eventTable(items, new Date(), resourceVersion), items, { kind: 'Event', apiVersion: 'v1' }, request);
    return { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion }, items };
  };
  const send = (reply: FastifyReply, answer: Awaited<ReturnType<typeof list>>) => ('code' in answer ? reply.code(answer.code).send(answer) : answer);
  app.get<{ Querystring: { fieldSelector?: string } }>('/api/v1/events', async (request, reply) => send(reply, await list(request, undefined)));
  app.get<{ Params: { namespace: string }; Querystring: { fieldSelector?: string } }>('/api/v1/namespaces/:namespace/events', async (request, reply) =>
    send(reply, await list(request, request.params.namespace)));
}
