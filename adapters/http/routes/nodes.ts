import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NodeView } from '../../../application/projections/node-view.js';
import { parseNodeRegistration } from '../../../application/validation/node-registration.js';
import { parseSelector, matchesSelector, type Selector } from '../../../domain/shared/selectors.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import { withRowObjects } from '../k8s/table-objects.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from '../k8s/field-selector.js';
import { nodeObject } from '../k8s/node-object.js';
import { planNodePatch } from '../k8s/node-patch.js';
import { nodeTable } from '../k8s/node-table.js';
import type { K8sNode } from '../k8s/k8s-types.js';
import { parseListOptions, type ListQuery as OptionsQuery } from '../k8s/list-options.js';
import { modelsToGet, modelsToList, pageOf } from '../k8s/list-pages.js';
import { failure, invalidStatus } from '../status.js';
import { watchNodes } from './nodes-watch.js';
import { watchRequested } from '../k8s/watch.js';
import { writeObject } from '../write.js';
import { bodyMeta, deleteConditions, isStatus, nameMismatch, sendStatus, type KindNames } from './object-requests.js';
import { desiredObject, preconditionFailure } from './object-update.js';
import { createdBy, managedFieldsCommand, updated } from './field-managers.js';
import { mapView } from './object-reads.js';
import { statusRoutes } from './object-status.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';

type ListQuery = OptionsQuery & { labelSelector?: string; fieldSelector?: string; watch?: string };
type Named = { Params: { name: string } };

const NODE: KindNames = { kind: 'Node', plural: 'nodes' };

export type NodeFilter = Readonly<{ labels: Selector; fields: readonly FieldRequirement[] }>;

const NODE_TYPE = { kind: 'Node', apiVersion: 'v1' };

export function nodeFilter(query: ListQuery): NodeFilter | string {
  const labels = query.labelSelector ? parseSelector(query.labelSelector) : { ok: true as const, selector: [] };
  if (!labels.ok) return `unable to parse labelSelector: ${labels.problem}`;
  const fields = parseFieldSelector(query.fieldSelector);
  return typeof fields === 'string' ? fields : { labels: labels.selector, fields };
}

export function nodeMatches(filter: NodeFilter, node: NodeView): boolean | string {
  if (!matchesSelector(filter.labels, node.labels)) return false;
  return matchesFields(filter.fields, { 'metadata.name': node.name, 'spec.unschedulable': String(node.unschedulable) }, 'Node');
}

export function nodeRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const render = (view: NodeView): K8sNode => nodeObject(view, deps.heartbeats.lastBeat(view.name));
  const found = (name: string, reply: FastifyReply) => {
    const view = deps.models.nodes.get(name);
    if (!view) reply.code(404).send(failure('NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' }));
    return view;
  };

  app.get<{ Querystring: ListQuery }>('/api/v1/nodes', async (request, reply) => {
    const filter = nodeFilter(request.query);
    if (typeof filter === 'string') return reply.code(400).send(failure('BadRequest', filter));
    if (watchRequested(request.query)) return watchNodes(deps, request, reply, filter, render);
    const options = parseListOptions(request.query, false);
    if (isStatus(options)) return sendStatus(reply, options);
    const source = await modelsToList(deps, options);
    if (isStatus(source)) return sendStatus(reply, source);
    const matched: NodeView[] = [];
    for (const view of source.models.nodes.values()) {
      const match = nodeMatches(filter, view);
      if (typeof match === 'string') return reply.code(400).send(failure('BadRequest', match));
      if (match) matched.push(view);
    }
    const page = pageOf(matched, (view) => view.name, options);
    const items = page.items.map(render);
    const metadata = { resourceVersion: String(source.resourceVersion), ...page.metadata(source.resourceVersion) };
    if (wantsTable(request)) return { ...withRowObjects(nodeTable(items, new Date(deps.clock.nowMs()), metadata.resourceVersion), items, NODE_TYPE, request), metadata };
    return { kind: 'NodeList', apiVersion: 'v1', metadata, items };
  });

  app.get<Named & { Querystring: { resourceVersion?: string } }>('/api/v1/nodes/:name', async (request, reply) => {
    const models = await modelsToGet(deps, request.query.resourceVersion);
    if (isStatus(models)) return sendStatus(reply, models);
    const view = models.nodes.get(request.params.name);
    if (!view) return reply.code(404).send(failure('NotFound', `nodes "${request.params.name}" not found`, { name: request.params.name, kind: 'nodes' }));
    const object = render(view);
    return wantsTable(request) ? withRowObjects(nodeTable([object], new Date(deps.clock.nowMs()), String(view.resourceVersion)), [object], NODE_TYPE, request) : object;
  });

  app.post('/api/v1/nodes', async (request: FastifyRequest, reply) => {
    const parsed = parseNodeRegistration(request.body);
    const name = (request.body as { metadata?: { name?: string } })?.metadata?.name ?? '';
    if (!parsed.ok) return reply.code(422).send(invalidStatus('Node', name, parsed.causes));
    const existed = deps.models.nodes.has(parsed.value.name);
    // Its creator owns every field it gave, recorded in the same append (a registration again changes no owner).
    const managers = existed ? [] : managedFieldsCommand({ kind: 'Node', namespace: '', name: parsed.value.name }, [], createdBy(request, request.body as Record<string, unknown>, deps.clock.now(), true));
    const answer = (preview: unknown) => render(preview as NodeView);
    const written = await writeObject(deps, request, [{ type: 'RegisterNode', data: parsed.value }, ...managers], { answer });
    return reply.code(existed ? 200 : 201).send(written?.dryRun ? written.dryRun.answer : render(deps.models.nodes.get(parsed.value.name)!));
  });

  app.delete<Named>('/api/v1/nodes/:name', async (request, reply) => {
    const view = found(request.params.name, reply);
    if (!view) return reply;
    const conditions = deleteConditions(request, render(view).metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    await writeObject(deps, request, [{ type: 'DeleteNode', data: { name: view.name } }], conditions);
    return render(view);
  });

  app.patch<Named>('/api/v1/nodes/:name', async (request, reply) => {
    const view = found(request.params.name, reply);
    if (!view) return reply;
    const mismatch = nameMismatch(request.body, view.name);
    if (mismatch) return sendStatus(reply, mismatch);
    const plan = planNodePatch(view, request.body);
    if (!plan.ok) return reply.code(422).send(invalidStatus('Node', view.name, plan.causes));
    // Each command says what the node is to be, not how it differs: only a resourceVersion the client gave conditions them.
    const refused = preconditionFailure(NODE, render(view).metadata, (request.body ?? {}) as Record<string, unknown>);
    if (refused) return sendStatus(reply, refused);
    const given = bodyMeta(request.body).resourceVersion;
    const answer = (preview: unknown) => render((preview as typeof view | undefined) ?? view);
    const commands = plan.commands.length > 0 ? [...plan.commands, ...nodeManagers(request, render(view), deps.clock.now())] : [];
    const written = await writeObject(deps, request, commands, given === undefined || given === '' ? { answer } : { expectedPosition: view.resourceVersion, answer });
    return written?.dryRun ? written.dryRun.answer : render(deps.models.nodes.get(view.name) ?? view);
  });

  statusRoutes(app, deps, {
    ...NODE,
    item: '/api/v1/nodes/:name',
    read: (_deps, { name }) => mapView(deps.models.nodes.get(name), render),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.Node`,
    keptBy: 'its kubelet registers it and renews its lease, and the node lifecycle controller sets its Ready condition',
  });

  app.put<Named>('/api/v1/nodes/:name', async (_request, reply) =>
    reply.code(405).send(failure('MethodNotAllowed', 'kes does not take whole-object updates of a Node: PATCH metadata.labels, spec.taints or spec.unschedulable instead')),
  );
}

/** The writer of a patch that changes the Node takes the fields it changed (an Update), as for every other kind. */
function nodeManagers(request: FastifyRequest, current: K8sNode, time: string) {
  const desired = desiredObject(request, { current, schemas: CORE_V1_SCHEMAS, schema: `${CORE}.Node` });
  if (isStatus(desired)) return [];
  const object = current as unknown as Parameters<typeof updated>[1];
  return managedFieldsCommand({ kind: 'Node', namespace: '', name: current.metadata.name }, object.metadata.managedFields ?? [], updated(request, object, desired, time));
}
