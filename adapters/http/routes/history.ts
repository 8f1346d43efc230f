import type { FastifyInstance, FastifyReply } from 'fastify';
import { historyItem } from '../../../application/queries/history.js';
import { CLUSTER_STREAM } from '../../../domain/cluster/cluster.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';
import { kindOfResource } from '../../../application/queries/streamed-kinds.js';

/**
 * An object's whole history, read from its stream: every event, who caused it and why, with a summary.
 * `/kes/v1/history/<resource>/<name>` for cluster-scoped objects (and the cluster itself),
 * `/kes/v1/history/namespaces/<namespace>/<resource>/<name>` for the others.
 */
export function historyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const history = async (reply: FastifyReply, stream: string, what: string) => {
    const events = await deps.store.readStream(stream);
    if (events.length === 0) return reply.code(404).send(failure('NotFound', `no history for ${what}`));
    return { kind: 'EventHistory', apiVersion: 'kes.io/v1', stream, items: events.map(historyItem) };
  };

  const of = (namespace?: string) => ({ config: { authz: { apiGroup: '', resource: ':resource', anyResourceName: true, subresource: 'history', namespace, name: ':name' } } });
  app.get<{ Params: { resource: string; name: string } }>('/kes/v1/history/:resource/:name', of(), async (request, reply) => {
    const { resource, name } = request.params;
    if (resource === 'cluster') return history(reply, CLUSTER_STREAM, `${resource}/${name}`);
    const kind = kindOfResource(resource);
    if (kind?.clusterScoped) return history(reply, kind.stream('', name), `${resource}/${name}`);
    const why = kind ? `${resource} are namespaced: ask /kes/v1/history/namespaces/NAMESPACE/${resource}/${name}` : `kes keeps no history for "${resource}"`;
    return reply.code(404).send(failure('NotFound', why));
  });

  app.get<{ Params: { namespace: string; resource: string; name: string } }>('/kes/v1/history/namespaces/:namespace/:resource/:name', of(':namespace'), async (request, reply) => {
    const { namespace, resource, name } = request.params;
    const kind = kindOfResource(resource);
    if (!kind || kind.clusterScoped) return reply.code(404).send(failure('NotFound', `kes keeps no history for namespaced "${resource}"`));
    return history(reply, kind.stream(namespace, name), `${resource}/${name} in namespace ${namespace}`);
  });
}
