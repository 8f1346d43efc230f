import type { FastifyInstance } from 'fastify';
import { summarize } from '../../../application/queries/history.js';
import { nodeStream } from '../../../domain/node/node.js';
import { podStream } from '../../../domain/pod/pod.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldSelector } from '../k8s/field-selector.js';
import type { K8sEvent } from '../k8s/k8s-types.js';
import { failure } from '../status.js';

const RECENT = 500;

function isWarning(event: RecordedEvent): boolean {
  if (event.type === 'PodUnschedulable' || event.type === 'PodEvicted') return true;
  return event.type === 'NodeReadinessChanged' && (event.data as { status: string }).status !== 'True';
}

/** kube-scheduler's reason for an unschedulable pod, which `kubectl describe pod` users look for. */
const reasonOf = (event: RecordedEvent) => (event.type === 'PodUnschedulable' ? 'FailedScheduling' : event.type);
const messageOf = (event: RecordedEvent) =>
  event.type === 'PodUnschedulable' ? String((event.data as { message?: string }).message) : summarize(event);

/** A stored event shown as a core/v1 Event, so `kubectl describe` lists an object's history. */
export function k8sEvent(event: RecordedEvent, kind: string, name: string, namespace = 'default'): K8sEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${event.position}`, namespace, uid: event.id, resourceVersion: String(event.position), creationTimestamp: event.metadata.at },
    involvedObject: { kind, name, apiVersion: 'v1', ...(kind === 'Node' ? {} : { namespace }) },
    type: isWarning(event) ? 'Warning' : 'Normal',
    reason: reasonOf(event),
    message: messageOf(event),
    source: { component: event.metadata.actor },
    firstTimestamp: event.metadata.at,
    lastTimestamp: event.metadata.at,
    count: 1,
  };
}

function subjectOf(event: RecordedEvent): { kind: string; name: string; namespace?: string } {
  const data = event.data as { name?: string; namespace?: string; meta?: { name: string; namespace: string } };
  const name = data.meta?.name ?? data.name;
  if (event.stream.startsWith('node-') && name) return { kind: 'Node', name };
  if (event.stream.startsWith('pod-') && name) return { kind: 'Pod', name, namespace: data.meta?.namespace ?? data.namespace };
  return { kind: 'Cluster', name: event.stream };
}

/** The one stream an involvedObject selector names, when it names one. */
function streamOf(wanted: Record<string, string>): string | undefined {
  const name = wanted['involvedObject.name'];
  if (!name) return undefined;
  if (wanted['involvedObject.kind'] === 'Node') return nodeStream(name);
  if (wanted['involvedObject.kind'] === 'Pod') return podStream(wanted['involvedObject.namespace'] || 'default', name);
  return undefined;
}

export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: { fieldSelector?: string } }>('/api/v1/events', async (request, reply) => {
    const fields = parseFieldSelector(request.query.fieldSelector);
    if (typeof fields === 'string') return reply.code(400).send(failure('BadRequest', fields));
    const wanted = Object.fromEntries(fields.filter((f) => f.equal && f.value !== '').map((f) => [f.field, f.value]));
    const stream = streamOf(wanted);
    const recorded = stream ? await deps.store.readStream(stream) : await deps.store.readAll(Math.max(0, deps.models.position - RECENT), RECENT);
    const items = recorded
      .map((event) => ({ event, subject: subjectOf(event) }))
      .filter(({ subject }) => !wanted['involvedObject.name'] || subject.name === wanted['involvedObject.name'])
      .map(({ event, subject }) => k8sEvent(event, subject.kind, subject.name, subject.namespace));
    return { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: String(deps.models.position) }, items };
  });
}
