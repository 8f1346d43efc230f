import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { filter, map } from 'rxjs';
import { summarize } from '../../../application/queries/history.js';
import { containerTrouble } from '../../../application/queries/container-troubles.js';
import type { PodStatusReport } from '../../../domain/pod/pod.js';
import type { Identity } from '../../../application/auth/authenticate.js';
import { mayReadObjectOf } from '../../../application/auth/readable-events.js';
import type { ReadModels } from '../../../application/projections/read-models.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { PREEMPTED } from '../../../domain/scheduling/preemption.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import { withRowObjects } from '../k8s/table-objects.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from '../k8s/field-selector.js';
import { eventTable } from '../k8s/objects/event-table.js';
import type { K8sEvent } from '../k8s/k8s-types.js';
import { parseResourceVersion, watchFrom } from '../k8s/resource-version.js';
import { endWatchAfter, streamLines, watchRequested } from '../k8s/watch.js';
import { parseWatchTimeout } from '../k8s/list-options.js';
import { failure, type StatusBody } from '../status.js';
import { isStatus, sendStatus } from './object-requests.js';
import { kindNamed, objectOfStream, type StreamedKind, type StreamObject } from '../../../application/queries/streamed-kinds.js';

const RECENT = 500;

/**
 * Status reports a controller repeats as it counts, and the record of who owns which fields (server-side apply):
 * `describe` shows those already, and Kubernetes makes no Event of either.
 */
const STATUS_ONLY = new Set(['DeploymentStatusReported', 'ReplicaSetStatusReported', 'JobStatusReported', 'ManagedFieldsChanged']);

/** The kubelet's Warning of a status report whose container failed to start or backs off after crashing. */
const troubleOf = (event: RecordedEvent) => (event.type === 'PodStatusReported' ? containerTrouble(event.data as PodStatusReport) : undefined);
/** A pod the scheduler preempted: kube-scheduler records that as a Normal event, `Preempted`, with its own message. */
const isPreemption = (event: RecordedEvent) => event.type === 'PodEvicted' && (event.data as { reason?: string }).reason === PREEMPTED;

function isWarning(event: RecordedEvent): boolean {
  if (isPreemption(event)) return false;
  if (event.type === 'PodUnschedulable' || event.type === 'PodEvicted' || event.type === 'ReconcileFailed' || event.type === 'JobFailed') return true;
  if (troubleOf(event)) return true;
  return event.type === 'NodeReadinessChanged' && (event.data as { status: string }).status !== 'True';
}

type Shown = Readonly<{ reason: string; message: string; component: string }>;

/**
 * What `kubectl describe` users look for: kube-scheduler's FailedScheduling for an unschedulable pod, the kubelet's
 * Failed / BackOff for a container that cannot run, and a failing controller's own reason, with that controller as
 * the source; else the event type and its summary.
 */
function shownAs(event: RecordedEvent): Shown {
  const data = event.data as { message?: string; reason?: string; controller?: string };
  if (event.type === 'PodUnschedulable') return { reason: 'FailedScheduling', message: String(data.message), component: event.metadata.actor };
  if (isPreemption(event)) return { reason: PREEMPTED, message: String(data.message), component: event.metadata.actor };
  const trouble = troubleOf(event);
  if (trouble) return { ...trouble, component: event.metadata.actor };
  // A controller may keep several reports on one object apart as `kubelet#containers`: the source is `kubelet`.
  if (event.type === 'ReconcileFailed') return { reason: String(data.reason), message: String(data.message), component: String(data.controller).split('#')[0] };
  // The job controller's own Warning (BackoffLimitExceeded, DeadlineExceeded) and Normal Completed, as Kubernetes words them.
  if (event.type === 'JobFailed') return { reason: String(data.reason), message: String(data.message), component: 'job-controller' };
  if (event.type === 'JobCompleted') return { reason: 'Completed', message: 'Job completed', component: 'job-controller' };
  return { reason: event.type, message: summarize(event), component: event.metadata.actor };
}

/**
 * The uid of the object as it is now (events of its current life carry it). A Node's is its name, as kubelets
 * record node events and `kubectl describe node` asks for them.
 */
function uidOf(models: ReadModels, { kind, name, namespace = '' }: StreamObject): string | undefined {
  const key = namespacedKey(namespace, name);
  const views: Record<string, () => { meta: { uid: string } } | undefined> = {
    Namespace: () => models.namespaces.get(name), Pod: () => models.pods.get(key), ReplicaSet: () => models.replicaSets.get(key),
    Deployment: () => models.deployments.get(key), Service: () => models.services.get(key), ConfigMap: () => models.configMaps.get(key),
    Secret: () => models.secrets.get(key), ServiceAccount: () => models.serviceAccounts.get(key), Job: () => models.jobs.get(key),
  };
  if (kind.kind === 'Node') return models.nodes.has(name) ? name : undefined;
  return views[kind.kind]?.()?.meta.uid;
}

/** A stored event shown as a core/v1 Event, so `kubectl describe` lists an object's history. */
export function k8sEvent(event: RecordedEvent, subject: StreamObject, uid?: string): K8sEvent {
  const { kind, name, namespace } = subject;
  const { reason, message, component } = shownAs(event);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${event.position}`, namespace: namespace ?? 'default', uid: event.id, resourceVersion: String(event.position), creationTimestamp: event.metadata.at },
    involvedObject: { kind: kind.kind, name, apiVersion: kind.apiVersion, ...(namespace === undefined ? {} : { namespace }), ...(uid ? { uid } : {}) },
    type: isWarning(event) ? 'Warning' : 'Normal',
    reason,
    message,
    source: { component },
    firstTimestamp: event.metadata.at,
    lastTimestamp: event.metadata.at,
    count: 1,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: '',
  };
}

/** The fields kube-apiserver lets events be selected by (its event field label conversion). */
export function eventFields(e: K8sEvent): Record<string, string> {
  return {
    'metadata.name': e.metadata.name, 'metadata.namespace': e.metadata.namespace ?? '',
    'involvedObject.kind': e.involvedObject.kind, 'involvedObject.name': e.involvedObject.name,
    'involvedObject.namespace': e.involvedObject.namespace ?? '', 'involvedObject.uid': e.involvedObject.uid ?? '',
    'involvedObject.apiVersion': e.involvedObject.apiVersion ?? '', 'involvedObject.resourceVersion': '', 'involvedObject.fieldPath': '',
    reason: e.reason, type: e.type, source: e.source.component ?? '', reportingComponent: e.reportingComponent ?? '',
  };
}

const SELECTABLE = Object.keys(eventFields(k8sEvent({ type: '', data: {}, metadata: { at: '' } } as unknown as RecordedEvent, { kind: kindNamed('Pod')!, name: '' })));

/** The events of the object's current life: a name used again starts a new stream history at its creation. */
function currentLife(events: RecordedEvent[], kind: StreamedKind): RecordedEvent[] {
  const created = events.map((e) => e.type).lastIndexOf(`${kind.kind}Created`);
  return created > 0 ? events.slice(created) : events;
}

/** A recorded event as a core/v1 Event the reader may see, in `namespace` if given, matching `fields`; else none. */
function shown(deps: ApiDeps, reader: Identity, event: RecordedEvent, namespace: string | undefined, fields: readonly FieldRequirement[]): K8sEvent | undefined {
  const subject = objectOfStream(event.stream);
  if (!subject || STATUS_ONLY.has(event.type) || !mayReadObjectOf(reader, event, deps.models)) return undefined;
  if (namespace !== undefined && subject.namespace !== namespace) return undefined;
  const item = k8sEvent(event, subject, uidOf(deps.models, subject));
  return matchesFields(fields, eventFields(item), 'Event') === true ? item : undefined;
}

/**
 * An object's events come from its own stream (describe finds them however long the log is); without
 * `involvedObject.kind` and `.name` the last RECENT events of the log are looked through.
 */
async function eventsOf(deps: ApiDeps, reader: Identity, fields: readonly FieldRequirement[], namespace: string | undefined, upTo: number): Promise<K8sEvent[]> {
  const wanted = Object.fromEntries(fields.filter((f) => f.equal && f.value !== '').map((f) => [f.field, f.value]));
  const name = wanted['involvedObject.name'];
  const kind = kindNamed(wanted['involvedObject.kind'] ?? '');
  const objectNamespace = kind?.clusterScoped ? '' : (wanted['involvedObject.namespace'] ?? namespace ?? 'default');
  const recorded = name && kind
    ? currentLife((await deps.store.readStream(kind.stream(objectNamespace, name))).filter((e) => e.position <= upTo), kind)
    : (await deps.store.readAll(Math.max(0, upTo - RECENT), RECENT)).filter((e) => e.position <= upTo);
  return recorded.flatMap((event) => shown(deps, reader, event, namespace, fields) ?? []);
}

export type EventQuery = { fieldSelector?: string; watch?: string; resourceVersion?: string; resourceVersionMatch?: string; timeoutSeconds?: string };
type Shape = (event: K8sEvent) => object;

/** The field selector, or a 400 naming a field events cannot be selected by. */
export function eventSelector(query: EventQuery): FieldRequirement[] | StatusBody {
  const fields = parseFieldSelector(query.fieldSelector);
  if (typeof fields === 'string') return failure('BadRequest', fields);
  const unsupported = fields.find((f) => !SELECTABLE.includes(f.field));
  return unsupported ? failure('BadRequest', `field label not supported: ${unsupported.field}`) : fields;
}

/**
 * The events up to now, or — with `resourceVersion=N&resourceVersionMatch=Exact` — up to position N of the log (the
 * events an object had at that point in the cluster's history).
 */
export async function listEvents(deps: ApiDeps, request: FastifyRequest, namespace: string | undefined, fields: readonly FieldRequirement[]) {
  const query = request.query as EventQuery;
  const past = query.resourceVersionMatch === 'Exact' ? parseResourceVersion(query.resourceVersion) : undefined;
  const upTo = typeof past === 'number' && past > 0 && past < deps.models.position ? past : deps.models.position;
  return { items: await eventsOf(deps, request.identity!, fields, namespace, upTo), resourceVersion: String(upTo) };
}

/** `?watch=true`: every later event the reader may see and the selector picks, ADDED (events are never changed). */
export async function watchEvents(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, namespace: string | undefined, fields: readonly FieldRequirement[], shape: Shape) {
  const query = request.query as EventQuery;
  const timeout = parseWatchTimeout(query.timeoutSeconds);
  if (isStatus(timeout)) return sendStatus(reply, timeout);
  const from = await watchFrom(deps, query.resourceVersion);
  if (isStatus(from)) return sendStatus(reply, from);
  const table = wantsTable(request);
  streamLines(request, reply, (write) => {
    const watching = deps.store.subscribe(from > 0 ? from : deps.models.position).pipe(
      map((event) => shown(deps, request.identity!, event, namespace, fields)),
      filter((item): item is K8sEvent => item !== undefined),
    ).subscribe((item) => write({
      type: 'ADDED',
      object: table ? withRowObjects(eventTable([item], new Date(), item.metadata.resourceVersion ?? ''), [item], { kind: 'Event', apiVersion: 'v1' }, request) : shape(item),
    }));
    endWatchAfter(watching, timeout, () => reply.raw.end());
    return watching;
  });
}

/**
 * core/v1 Events, all or of one namespace, made from the log, listed or watched; field selectors on type, reason,
 * source, reportingComponent and involvedObject.* are honoured. Only events about objects the reader may read are listed.
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply, namespace: string | undefined) => {
    const query = request.query as EventQuery;
    const fields = eventSelector(query);
    if (isStatus(fields)) return sendStatus(reply, fields);
    if (watchRequested(query)) return watchEvents(deps, request, reply, namespace, fields, (e) => e);
    const { items, resourceVersion } = await listEvents(deps, request, namespace, fields);
    if (wantsTable(request)) return withRowObjects(eventTable(items, new Date(), resourceVersion), items, { kind: 'Event', apiVersion: 'v1' }, request);
    return { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion }, items };
  };
  app.get('/api/v1/events', (request, reply) => serve(request, reply, undefined));
  app.get<{ Params: { namespace: string } }>('/api/v1/namespaces/:namespace/events', (request, reply) => serve(request, reply, request.params.namespace));
}
