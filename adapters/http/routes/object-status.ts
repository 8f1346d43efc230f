import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import type { Schemas } from '../k8s/openapi/schema.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';
import { dryRunRefusal, invalidObject, isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { desiredObject, preconditionFailure, same, unchangeable } from './object-update.js';

type Rendered = { metadata: K8sObjectMeta; status?: unknown };
type Params = { namespace?: string; name: string };

/**
 * The `/status` subresource of a kind whose status kes keeps itself (the kubelet reports a pod's, the controllers a
 * Deployment's or ReplicaSet's, the node lifecycle controller a node's): where the object is, how it is read, and
 * who keeps its status, for the refusal.
 */
export type KeptStatus = KindNames & Readonly<{
  /** The object's path, `…/namespaces/:namespace/pods/:name` or `/api/v1/nodes/:name`. */
  item: string;
  read: (deps: ApiDeps, params: Params) => Rendered | undefined | Promise<Rendered | undefined>;
  schemas: Schemas;
  schema: string;
  keptBy: string;
}>;

/**
 * GET `…/status` answers the whole object, as kube-apiserver does. PUT and PATCH of it may not change the status:
 * there is no command that sets a status from outside, since kes keeps every status from what it observes. One that
 * leaves the status as it is (a client writing back what it read) answers the object and appends nothing; one that
 * changes it is a 422 naming `status` and who keeps it. The rest of the object is ignored, as Kubernetes' status
 * strategies ignore it.
 */
export function statusRoutes(app: FastifyInstance, deps: ApiDeps, kept: KeptStatus): void {
  const path = `${kept.item}/status`;
  const found = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as Params;
    const object = await kept.read(deps, params);
    if (!object) sendStatus(reply, notFoundStatus(kept, params.name));
    return object;
  };

  app.get(path, async (request, reply) => (await found(request, reply)) ?? reply);

  const write = async (request: FastifyRequest, reply: FastifyReply) => {
    const current = await found(request, reply);
    if (!current) return reply;
    const dryRun = dryRunRefusal(request);
    if (dryRun) return sendStatus(reply, dryRun);
    const desired = desiredObject(request, { current, schemas: kept.schemas, schema: kept.schema });
    if (isStatus(desired)) return sendStatus(reply, desired);
    const refused = preconditionFailure(kept, current.metadata, desired);
    if (refused) return sendStatus(reply, refused);
    if (same(desired.status ?? {}, current.status ?? {})) return current;
    const why = `kes keeps the status of a ${kept.kind} itself (${kept.keptBy}); it cannot be written through the API`;
    return sendStatus(reply, invalidObject(kept, current.metadata.name, [unchangeable('status', why)]));
  };
  app.put(path, write);
  app.patch(path, write);
}
