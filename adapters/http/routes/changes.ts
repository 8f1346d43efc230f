import type { FastifyInstance, FastifyReply } from 'fastify';
import { changesBetween } from '../../../application/queries/changes-between.js';
import { parseLogPoint, positionOfPoint } from '../../../application/queries/log-point.js';
import { kindOfResource, STREAMED_KINDS, type StreamedKind } from '../../../application/queries/streamed-kinds.js';
import type { ApiDeps } from '../api-deps.js';
import { objectsAt } from '../k8s/objects/objects-at.js';
import { failure } from '../status.js';

type Query = { from?: string; to?: string };

/**
 * What changed in the objects of one kind between two points of the log: added, removed, and changed with the paths
 * of the fields that changed and the actors whose events changed them. Each point is a position (resourceVersion) or
 * an RFC3339 time; `to` defaults to the head. Authorized as listing the kind.
 * `/kes/v1/changes/<resource>?from=…&to=…` (all namespaces), `/kes/v1/changes/namespaces/<namespace>/<resource>?…`.
 */
export function changesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const bad = (reply: FastifyReply, message: string) => reply.code(400).send(failure('BadRequest', message));

  /** Both points as positions, or the 400 naming the parameter that is wrong. */
  const pointsOf = async (query: Query, reply: FastifyReply): Promise<{ from: number; to: number } | undefined> => {
    const head = await deps.store.headPosition();
    if (query.from === undefined || query.from === '') return void bad(reply, 'from is required: a log position (resourceVersion) or an RFC3339 time to compare from');
    const positions: number[] = [];
    for (const [name, given] of [['from', query.from], ['to', query.to || String(head)]] as const) {
      const point = parseLogPoint(given);
      const position = 'problem' in point ? point : await positionOfPoint(deps.store, point, head);
      if (typeof position !== 'number') return void bad(reply, `${name}: ${position.problem}`);
      positions.push(position);
    }
    const [from, to] = positions;
    if (to < from) return void bad(reply, `to (${query.to}, position ${to}) is before from (${query.from}, position ${from}): give the earlier point as from`);
    return { from, to };
  };

  const changes = async (reply: FastifyReply, kind: StreamedKind, query: Query, namespace?: string) => {
    const objects = objectsAt(kind.kind, deps.secretKeys);
    if (!objects) return reply.code(404).send(failure('NotFound', `kes does not compare ${kind.resource} between points of the log`));
    const points = await pointsOf(query, reply);
    if (!points) return reply;
    const modelsAt = (position: number) => (position === deps.models.position ? Promise.resolve(deps.models) : deps.past.at(position));
    const items = await changesBetween(deps.store, { kind, objects, ...points, ...(namespace !== undefined ? { namespace } : {}) }, modelsAt);
    return { kind: 'ObjectChanges', apiVersion: 'kes.io/v1', resource: kind.resource, ...(namespace !== undefined ? { namespace } : {}), from: points.from, to: points.to, items };
  };

  const unknown = (resource: string) => failure('NotFound', `the server doesn't have a resource type "${resource}": kes compares ${STREAMED_KINDS.map((k) => k.resource).join(', ')}`);
  const of = (namespace?: string) => ({ config: { authz: { apiGroup: '', resource: ':resource', anyResourceName: true, namespace } } });

  app.get<{ Params: { resource: string }; Querystring: Query }>('/kes/v1/changes/:resource', of(), async (request, reply) => {
    const kind = kindOfResource(request.params.resource);
    if (!kind) return reply.code(404).send(unknown(request.params.resource));
    return changes(reply, kind, request.query);
  });

  app.get<{ Params: { namespace: string; resource: string }; Querystring: Query }>('/kes/v1/changes/namespaces/:namespace/:resource', of(':namespace'), async (request, reply) => {
    const { namespace, resource } = request.params;
    const kind = kindOfResource(resource);
    if (!kind) return reply.code(404).send(unknown(resource));
    if (kind.clusterScoped) return reply.code(404).send(failure('NotFound', `${kind.resource} are cluster-scoped: ask /kes/v1/changes/${kind.resource}`));
    return changes(reply, kind, request.query, namespace);
  });
}
