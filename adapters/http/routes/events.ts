import type { FastifyInstance } from 'fastify';
import { summarize } from '../../../application/queries/history.js';
import { nodeStream } from '../../../domain/node/node.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldSelector } from '../k8s/field-selector.js';
import type { K8sEvent } from '../k8s/k8s-types.js';
import { failure } from '../status.js';

const RECENT = 500;

function isWarning(event: RecordedEvent): boolean {
  return event.type === 'NodeReadinessChanged' && (event.data as { status: string }).status !== 'True';
}

/** A stored event shown as a core/v1 Event, so `kubectl describe` lists an object's history. */
export function k8sEvent(event: RecordedEvent, kind: string, name: string): K8sEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${event.position}`, namespace: 'default', uid: event.id, resourceVersion: String(event.position), creationTimestamp: event.metadata.at },
    involvedObject: { kind, name, apiVersion: 'v1' },
    type: isWarning(event) ? 'Warning' : 'Normal',
    reason: event.type,
    message: summarize(event),
    source: { component: event.metadata.actor },
    firstTimestamp: event.metadata.at,
    lastTimestamp: event.metadata.at,
    count: 1,
  };
}

function subjectOf(event: RecordedEvent): { kind: string; name: string } {
  const name = (event.data as { name?: string }).name;
  if (event.stream.startsWith('node-') && name) return { kind: 'Node', name };
  return { kind: 'Cluster', name: event.stream };
}

export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: { fieldSelector?: string } }>('/api/v1/events', async (request, reply) => {
    const fields = parseFieldSelector(request.query.fieldSelector);
    if (typeof fields === 'string') return reply.code(400).send(failure('BadRequest', fields));
    const wanted = Object.fromEntries(fields.filter((f) => f.equal && f.value !== '').map((f) => [f.field, f.value]));
    const recorded =
      wanted['involvedObject.kind'] === 'Node' && wanted['involvedObject.name']
        ? await deps.store.readStream(nodeStream(wanted['involvedObject.name']))
        : await deps.store.readAll(Math.max(0, deps.models.position - RECENT), RECENT);
    const items = recorded
      .map((event) => ({ event, subject: subjectOf(event) }))
      .filter(({ subject }) => !wanted['involvedObject.name'] || subject.name === wanted['involvedObject.name'])
      .map(({ event, subject }) => k8sEvent(event, subject.kind, subject.name));
    return { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: String(deps.models.position) }, items };
  });
}
