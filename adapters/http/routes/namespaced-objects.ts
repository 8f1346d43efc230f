import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManifestOptions, ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import type { ApiDeps } from '../api-deps.js';
import type { Schemas } from '../k8s/openapi/schema.js';
import { failure } from '../status.js';
import { createNamespaced } from './object-create.js';
import { objectReadRoutes, type ObjectReads, type ReadableKind } from './object-reads.js';
import { deleteConditions, deletedStatus, isStatus, notFoundStatus, resourceOf, sendStatus } from './object-requests.js';
import { mapView } from './object-reads.js';
import { writeObject, type Preparing } from '../write.js';
import { updateObject, type UpdatePlan } from './object-update.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';

type Named = { namespace: string; name: string };
type Rendered = { metadata: K8sObjectMeta };

/**
 * A namespaced kind users write: read as `ObjectReads` says, created from a manifest, changed by PUT or PATCH
 * through the commands `plan` translates the change into, and deleted.
 */
export type NamespacedObjects<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }> = ObjectReads<K, O> & Readonly<{
  /** The group-version's schemas and the kind's component, for strategic-merge patches. */
  schemas: Schemas;
  schema: string;
  parse: (body: unknown, options: ManifestOptions) => ParsedManifest<T>;
  createCommand: string;
  deleteCommand: string;
  plan: (key: Named, before: T, after: T) => UpdatePlan;
  /** Kubernetes answers a DELETE of some kinds (Services) with the object, of most with a Status. */
  deleteAnswer: 'object' | 'status';
  /** How the kind's commands are readied before they are sent (default: as they are). */
  prepare?: Preparing;
}>;

export function namespacedObjectRoutes<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }>(
  app: FastifyInstance,
  deps: ApiDeps,
  kind: NamespacedObjects<K, O, T>,
): void {
  const find = (namespace: string, name: string) => kind.find(deps.models, namespace, name);
  const collection = `${kind.prefix}/namespaces/:namespace/${kind.plural}`;
  const item = `${collection}/:name`;

  objectReadRoutes(app, deps, kind);

  app.post(collection, (request, reply) =>
    createNamespaced(deps, request, reply, {
      ...kind,
      command: kind.createCommand,
      parse: kind.parse,
      created: (namespace, name) => kind.render(find(namespace, name)!),
    }));

  app.delete(item, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(kind, name));
    const object = await kind.render(view);
    const conditions = deleteConditions(request, object.metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    await writeObject(deps, request, [{ type: kind.deleteCommand, data: { namespace, name } }], { ...conditions, prepare: kind.prepare });
    return kind.deleteAnswer === 'object' ? object : deletedStatus(kind, name, object.metadata.uid ?? '');
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    return updateObject(deps, request, reply, {
      ...kind,
      name,
      read: () => mapView(find(namespace, name), kind.render),
      plan: (before, after) => kind.plan({ namespace, name }, before, after),
      updated: () => kind.render(find(namespace, name)!),
    });
  };
  app.patch(item, update);
  app.put(item, update);
}

/** A kind only kes itself writes (Endpoints, kept by the endpoints controller): reads only; writes get 405. */
export function readOnlyObjectRoutes<K extends ReadableKind, O extends Rendered>(app: FastifyInstance, deps: ApiDeps, kind: ObjectReads<K, O>, writer: string): void {
  objectReadRoutes(app, deps, kind);
  const refuse = async (_request: FastifyRequest, reply: FastifyReply) =>
    sendStatus(reply, failure('MethodNotAllowed', `${resourceOf(kind)} are kept by ${writer} in kes and cannot be created, changed or deleted through the API`));
  const collection = `${kind.prefix}/namespaces/:namespace/${kind.plural}`;
  app.post(collection, refuse);
  for (const method of ['put', 'patch', 'delete'] as const) app[method](`${collection}/:name`, refuse);
}
