import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManifestOptions, ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import type { ApiDeps } from '../api-deps.js';
import type { Schemas } from '../k8s/openapi/schema.js';
import { failure, type StatusBody } from '../status.js';
import { createNamespaced } from './object-create.js';
import { mapView, objectReadRoutes, type ObjectReads, type ReadableKind } from './object-reads.js';
import { applyCreateRefusal, deleteConditions, deletedStatus, isStatus, notFoundStatus, resourceOf, sendStatus, type KindNames } from './object-requests.js';
import type { ViewOf } from './object-watch.js';
import { writeObject, type Preparing } from '../write.js';
import { updateObject, type UpdatePlan } from './object-update.js';
import { isApply } from './field-managers.js';
import { statusRoutes } from './object-status.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';

type Named = { namespace: string; name: string };
type Rendered = { metadata: K8sObjectMeta };

/**
 * What a DELETE of a kind reads beyond the preconditions and does before its delete command is sent (a pod's grace
 * period; orphaning a Deployment's ReplicaSets): the data it adds to the command, or the Status refusing it.
 */
export type DeleteHook<K extends ReadableKind> = (deps: ApiDeps, request: FastifyRequest, view: ViewOf<K>) => Promise<Record<string, unknown> | StatusBody>;

/** Routes below an object (`…/{name}/eviction`, `…/{name}/scale`), registered from the kind's entry. */
export type Subresource<K extends ReadableKind> = (app: FastifyInstance, deps: ApiDeps, kind: KindLocation<K>) => void;

/** What a subresource knows of its kind: its names, where it is served, and how one object is found. */
export type KindLocation<K extends ReadableKind> = KindNames & Pick<ObjectReads<K, Rendered>, 'prefix' | 'find'>;

/**
 * A namespaced kind users write: read as `ObjectReads` says, created from a manifest, changed by PUT or PATCH
 * through the commands `plan` translates the change into, and deleted. A kind is one such entry.
 */
export type NamespacedObjects<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }> = ObjectReads<K, O> & Readonly<{
  /** The group-version's schemas and the kind's component, for strategic-merge patches. */
  schemas: Schemas;
  schema: string;
  parse: (body: unknown, options: ManifestOptions) => ParsedManifest<T>;
  createCommand: string;
  deleteCommand: string;
  plan: (key: Named, before: T, after: T) => UpdatePlan;
  /**
   * Kubernetes answers a DELETE of some kinds with the object as it is after the delete (a Pod, then terminating;
   * a Service, gone), of most with a Status.
   */
  deleteAnswer: 'object' | 'status';
  /** How the kind's commands are readied before they are sent (default: as they are). */
  prepare?: Preparing;
  deleting?: DeleteHook<K>;
  /** Who keeps the kind's status, for kinds that have one: their `/status` is served, and refuses a change. */
  statusKeptBy?: string;
  subresources?: readonly Subresource<K>[];
}>;

/** The collection and item routes of a namespaced kind (list, get, watch, create, update, delete) and its subresources. */
export function namespacedObjectRoutes<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }>(
  app: FastifyInstance,
  deps: ApiDeps,
  kind: NamespacedObjects<K, O, T>,
): void {
  const find = (namespace: string, name: string) => kind.find(deps.models, namespace, name);
  const collection = `${kind.prefix}/namespaces/:namespace/${kind.plural}`;
  const item = `${collection}/:name`;

  objectReadRoutes(app, deps, kind);


  app.delete(item, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(kind, name));
    const object = await kind.render(view);
    const conditions = deleteConditions(request, object.metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const extra = kind.deleting ? await kind.deleting(deps, request, view) : {};
    if (isStatus(extra)) return sendStatus(reply, extra);
    const answer = async (preview: unknown) => (preview ? kind.render(preview as ViewOf<K>) : object);
    const written = await writeObject(deps, request, [{ type: kind.deleteCommand, data: { namespace, name, ...extra } }], { ...conditions, prepare: kind.prepare, answer });
    if (kind.deleteAnswer === 'status') return deletedStatus(kind, name, object.metadata.uid ?? '');
    if (written?.dryRun) return written.dryRun.answer;
    const after = find(namespace, name);
    return after ? kind.render(after) : object;
  });

  const create = (request: FastifyRequest, reply: FastifyReply) =>
    createNamespaced(deps, request, reply, {
      ...kind,
      command: kind.createCommand,
      parse: kind.parse,
      created: (namespace, name, preview) => kind.render((preview as ViewOf<K> | undefined) ?? find(namespace, name)!),
    });
  app.post(collection, create);

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    // A server-side apply of an object that does not exist creates it: the one the URL names, which was authorized.
    if (isApply(request) && !find(namespace, name)) {
      const refused = applyCreateRefusal(kind, name, request.body);
      return refused ? sendStatus(reply, refused) : create(request, reply);
    }
    return updateObject(deps, request, reply, {
      ...kind,
      name,
      read: () => mapView(find(namespace, name), kind.render),
      plan: (before, after) => kind.plan({ namespace, name }, before, after),
      updated: (preview) => kind.render((preview as ViewOf<K> | undefined) ?? find(namespace, name)!),
    });
  };
  app.patch(item, update);
  app.put(item, update);

  if (kind.statusKeptBy !== undefined)
    statusRoutes(app, deps, { ...kind, item, keptBy: kind.statusKeptBy, read: (_deps, { namespace = '', name }) => mapView(find(namespace, name), kind.render) });
  for (const subresource of kind.subresources ?? []) subresource(app, deps, kind);
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
