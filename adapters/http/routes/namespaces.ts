import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseNamespaceManifest } from '../../../application/manifests/parse-manifest.js';
import type { NamespaceView } from '../../../application/projections/workload-views.js';
import type { ApiDeps } from '../api-deps.js';
import { writeObject } from '../write.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { namespaceObject } from '../k8s/objects/workload-objects.js';
import { namespaceTable } from '../k8s/objects/workload-tables.js';
import type { K8sNamespace } from '../k8s/objects/workload-types.js';
import { mapView, objectReadRoutes } from './object-reads.js';
import { acceptManifest, bodyMeta, deleteConditions, fieldValidationOf, isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { statusRoutes } from './object-status.js';
import { createdBy, managedFieldsCommand } from './field-managers.js';
import { updateObject } from './object-update.js';

const NAMESPACE: KindNames = { kind: 'Namespace', plural: 'namespaces' };

type Named = { name: string };

/**
 * Namespaces (cluster-scoped). DELETE only marks one Terminating: the namespace controller deletes what is in
 * it and then finalizes it, as Kubernetes' does.
 */
export function namespaceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const find = (name: string) => deps.models.namespaces.get(name);
  const render = (view: NamespaceView): K8sNamespace => namespaceObject(view);

  objectReadRoutes(app, deps, {
    ...NAMESPACE,
    model: 'Namespace',
    prefix: '/api/v1',
    listKind: 'NamespaceList',
    apiVersion: 'v1',
    namespaced: false,
    fieldNames: ['metadata.name', 'status.phase'],
    entries: (models) => models.namespaces.entries(),
    find: (models, _namespace, name) => models.namespaces.get(name),
    render,
    table: namespaceTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'status.phase': view.phase }),
  });

  app.post('/api/v1/namespaces', async (request, reply) => {
    const validation = fieldValidationOf(request);
    if (isStatus(validation)) return sendStatus(reply, validation);
    const given = bodyMeta(request.body).name;
    const parsed = parseNamespaceManifest(request.body, { uid: deps.ids.newId(), fieldValidation: validation });
    const data = acceptManifest(NAMESPACE, typeof given === 'string' ? given : '', parsed, validation, reply);
    if (isStatus(data)) return sendStatus(reply, data);
    const managers = managedFieldsCommand({ kind: 'Namespace', namespace: '', name: data.meta.name }, [], createdBy(request, request.body as Record<string, unknown>, deps.clock.now()));
    const written = await writeObject(deps, request, [{ type: 'CreateNamespace', data }, ...managers], { answer: (preview) => render(preview as NamespaceView) });
    return reply.code(201).send(written?.dryRun ? written.dryRun.answer : render(find(data.meta.name)!));
  });

  app.delete<{ Params: Named }>('/api/v1/namespaces/:name', async (request, reply) => {
    const { name } = request.params;
    const found = find(name);
    if (!found) return sendStatus(reply, notFoundStatus(NAMESPACE, name));
    const conditions = deleteConditions(request, render(found).metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const written = await writeObject(deps, request, [{ type: 'DeleteNamespace', data: { name } }], { ...conditions, answer: (preview) => preview && render(preview as NamespaceView) });
    if (written?.dryRun) return written.dryRun.answer ?? render(found);
    const view = find(name);
    return view ? render(view) : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: 'namespaces' }, code: 200 };
  });

  const update = (request: FastifyRequest, reply: FastifyReply) => {
    const { name } = request.params as Named;
    return updateObject(deps, request, reply, {
      ...NAMESPACE,
      name,
      read: () => mapView(find(name), render),
      schemas: CORE_V1_SCHEMAS,
      schema: `${CORE}.Namespace`,
      parse: parseNamespaceManifest,
      // Only a namespace's labels and annotations change, and updateObject plans those for every kind.
      plan: () => ({ causes: [], commands: [] }),
      updated: (preview) => render((preview as NamespaceView | undefined) ?? find(name)!),
    });
  };
  app.patch('/api/v1/namespaces/:name', update);
  app.put('/api/v1/namespaces/:name', update);
  statusRoutes(app, deps, {
    ...NAMESPACE,
    item: '/api/v1/namespaces/:name',
    read: (_deps, { name }) => mapView(find(name), render),
    schemas: CORE_V1_SCHEMAS,
    schema: `${CORE}.Namespace`,
    keptBy: 'its phase is Terminating from its deletion until its objects are gone',
  });
}
