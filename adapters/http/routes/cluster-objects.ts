import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManifestOptions, ParsedManifest } from '../../../application/manifests/parse-manifest.js';
import type { ApiDeps } from '../api-deps.js';
import type { Schemas } from '../k8s/openapi/schema.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';
import { writeObject } from '../write.js';
import { createdBy, isApply, managedFieldsCommand } from './field-managers.js';
import { mapView, objectReadRoutes, type ObjectReads, type ReadableKind } from './object-reads.js';
import { acceptManifest, applyCreateRefusal, bodyMeta, deletedStatus, deleteConditions, fieldValidationOf, isStatus, notFoundStatus, sendStatus } from './object-requests.js';
import { updateObject, type UpdatePlan } from './object-update.js';
import type { ViewOf } from './object-watch.js';

type Rendered = { metadata: K8sObjectMeta };
type Named = { name: string };

/**
 * A cluster-scoped kind users write: read as `ObjectReads` says, created from a manifest, changed by PUT or PATCH
 * through the commands `plan` translates the change into, and deleted (answered with a Status). A kind is one entry.
 */
export type ClusterObjects<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }> = ObjectReads<K, O> & Readonly<{
  schemas: Schemas;
  schema: string;
  parse: (body: unknown, options: ManifestOptions) => ParsedManifest<T>;
  createCommand: string;
  deleteCommand: string;
  plan: (name: string, before: T, after: T) => UpdatePlan;
}>;

/** The collection and item routes of a cluster-scoped kind (list, get, watch, create, update, delete). */
export function clusterObjectRoutes<K extends ReadableKind, O extends Rendered, T extends { meta: { name: string } }>(
  app: FastifyInstance,
  deps: ApiDeps,
  kind: ClusterObjects<K, O, T>,
): void {
  const find = (name: string) => kind.find(deps.models, '', name);
  const rendered = async (preview: unknown, name: string) => kind.render((preview as ViewOf<K> | undefined) ?? find(name)!);
  const collection = `${kind.prefix}/${kind.plural}`;
  const item = `${collection}/:name`;

  objectReadRoutes(app, deps, kind);

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const validation = fieldValidationOf(request);
    if (isStatus(validation)) return sendStatus(reply, validation);
    const given = bodyMeta(request.body).name;
    const parsed = kind.parse(request.body, { namespace: '', uid: deps.ids.newId(), fieldValidation: validation });
    const data = acceptManifest(kind, typeof given === 'string' ? given : '', parsed, validation, reply);
    if (isStatus(data)) return sendStatus(reply, data);
    const name = data.meta.name;
    // Its creator owns every field it gave: recorded with the create, in the same append.
    const managers = managedFieldsCommand({ kind: kind.kind, namespace: '', name }, [], createdBy(request, request.body as Record<string, unknown>, deps.clock.now()));
    const written = await writeObject(deps, request, [{ type: kind.createCommand, data }, ...managers], { answer: (preview) => rendered(preview, name) });
    return reply.code(201).send(written?.dryRun ? written.dryRun.answer : await rendered(undefined, name));
  };
  app.post(collection, create);

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const { name } = request.params as Named;
    // A server-side apply of an object that does not exist creates it: the one the URL names, unless a resourceVersion
    // given says it expected one that has since gone.
    if (isApply(request) && !find(name)) {
      const refused = applyCreateRefusal(kind, name, request.body);
      return refused ? sendStatus(reply, refused) : create(request, reply);
    }
    return updateObject(deps, request, reply, {
      ...kind,
      name,
      read: () => mapView(find(name), kind.render),
      plan: (before, after) => kind.plan(name, before, after),
      updated: (preview) => rendered(preview, name),
    });
  };
  app.patch(item, update);
  app.put(item, update);

  app.delete(item, async (request, reply) => {
    const { name } = request.params as Named;
    const view = find(name);
    if (!view) return sendStatus(reply, notFoundStatus(kind, name));
    const object = await kind.render(view);
    const conditions = deleteConditions(request, object.metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const written = await writeObject(deps, request, [{ type: kind.deleteCommand, data: { name } }], { ...conditions, answer: () => object });
    if (written?.dryRun) return written.dryRun.answer;
    return deletedStatus(kind, name, object.metadata.uid ?? '');
  });
}
