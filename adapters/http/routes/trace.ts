import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eventAsSeenBy } from '../../../application/auth/readable-events.js';
import { withoutCredentialHashes } from '../../../application/queries/history.js';
import { kindOfResource } from '../../../application/queries/streamed-kinds.js';
import { buildTrace, traceOfCommand, type TraceChain } from '../../../application/queries/trace.js';
import { eventsAroundStream, eventsFromCommand, eventsOfCorrelation, type TracedEvents } from '../../../application/queries/trace-events.js';
import { KES_GROUP } from '../../../application/auth/paths.js';
import { CLUSTER_STREAM } from '../../../domain/cluster/cluster.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

const ID = /^[0-9A-Za-z-]{1,100}$/;

/**
 * Causal traces: from a command (or a correlation, or every change of an object) to every event it led to across
 * the sagas. `/kes/v1/trace?command=ID`, `/kes/v1/trace?correlation=ID` (read as the event feed is: each event as
 * the reader may see it), `/kes/v1/trace/<resource>/<name>` and `/kes/v1/trace/namespaces/<ns>/<resource>/<name>`
 * (read as the object's history is).
 */
export function traceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const answer = (request: FastifyRequest, traced: TracedEvents, chainsOf: (chains: TraceChain[]) => TraceChain[] = (c) => c) => {
    const shown = traced.events.map((e) => withoutCredentialHashes(eventAsSeenBy(request.identity!, e, deps.models)));
    return { kind: 'Trace', apiVersion: 'kes.io/v1', chains: chainsOf(buildTrace(shown)), ...(traced.truncated ? { truncated: true } : {}) };
  };

  const feed = { config: { authz: { apiGroup: KES_GROUP, resource: 'events' } } };
  app.get<{ Querystring: { command?: string; correlation?: string } }>('/kes/v1/trace', feed, async (request, reply) => {
    const { command, correlation } = request.query;
    if ((command === undefined) === (correlation === undefined))
      return reply.code(400).send(failure('BadRequest', 'name what to trace: ?command=<command id> or ?correlation=<correlation id> (one of them), or ask /kes/v1/trace/<resource>/<name>'));
    const id = (command ?? correlation)!;
    if (!ID.test(id)) return reply.code(400).send(failure('BadRequest', `"${id.slice(0, 100)}" is not a command or correlation id (a UUID, as kesctl history -o json shows them)`));
    const traced = command !== undefined ? await eventsFromCommand(deps.store, id) : await eventsOfCorrelation(deps.store, id);
    if (traced.events.length === 0) return reply.code(404).send(failure('NotFound', `no events of ${command !== undefined ? 'command' : 'correlation'} ${id}`));
    return answer(request, traced, command !== undefined ? (chains) => traceOfCommand(chains, id) : undefined);
  });

  const ofStream = async (request: FastifyRequest, reply: FastifyReply, stream: string, what: string) => {
    const traced = await eventsAroundStream(deps.store, stream);
    return traced ? answer(request, traced) : reply.code(404).send(failure('NotFound', `no history for ${what}`));
  };
  const of = (namespace?: string) => ({ config: { authz: { apiGroup: '', resource: ':resource', anyResourceName: true, subresource: 'trace', namespace, name: ':name' } } });
  app.get<{ Params: { resource: string; name: string } }>('/kes/v1/trace/:resource/:name', of(), async (request, reply) => {
    const { resource, name } = request.params;
    if (resource === 'cluster') return ofStream(request, reply, CLUSTER_STREAM, `${resource}/${name}`);
    const kind = kindOfResource(resource);
    if (kind?.clusterScoped) return ofStream(request, reply, kind.stream('', name), `${resource}/${name}`);
    const why = kind ? `${resource} are namespaced: ask /kes/v1/trace/namespaces/NAMESPACE/${resource}/${name}` : `kes keeps no history for "${resource}"`;
    return reply.code(404).send(failure('NotFound', why));
  });
  app.get<{ Params: { namespace: string; resource: string; name: string } }>('/kes/v1/trace/namespaces/:namespace/:resource/:name', of(':namespace'), async (request, reply) => {
    const { namespace, resource, name } = request.params;
    const kind = kindOfResource(resource);
    if (!kind || kind.clusterScoped) return reply.code(404).send(failure('NotFound', `kes keeps no history for namespaced "${resource}"`));
    return ofStream(request, reply, kind.stream(namespace, name), `${resource}/${name} in namespace ${namespace}`);
  });
}
