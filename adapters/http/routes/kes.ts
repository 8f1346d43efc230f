import type { FastifyInstance } from 'fastify';
import { nodeCredential } from '../../../application/auth/authenticate.js';
import { KES_GROUP } from '../../../application/auth/paths.js';
import { eventAsSeenBy } from '../../../application/auth/readable-events.js';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import { historyItem } from '../../../application/queries/history.js';
import { parseLogPoint, positionOfPoint } from '../../../application/queries/log-point.js';
import { parseNodeRegistration } from '../../../application/validation/node-registration.js';
import type { ApiDeps } from '../api-deps.js';
import { execute } from '../execute.js';
import { streamLines } from '../k8s/watch.js';
import { failure, invalidStatus } from '../status.js';
import { changesRoutes } from './changes.js';
import { historyRoutes } from './history.js';
import { tokenRoutes } from './tokens.js';
import { traceRoutes } from './trace.js';

/** kes' own API: join, history, the raw event feed for agents, bootstrap tokens. */
export function kesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Public, like kubeadm's cluster-info: a joining node fetches the CA untrusted and checks it by its hash.
  app.get('/kes/v1/cluster-ca', { config: { authz: { path: '/kes/v1/cluster-ca' } } }, async (_request, reply) => {
    if (!deps.caCert) return reply.code(404).send(failure('NotFound', 'this API server has no cluster CA: it does not serve HTTPS'));
    return { caCert: deps.caCert };
  });

  app.post<{ Body: { node?: unknown } }>('/kes/v1/join', async (request, reply) => {
    const identity = request.identity!;
    if (identity.kind !== 'bootstrap') return reply.code(400).send(failure('BadRequest', 'joining takes a bootstrap token (kesadm token create), not this credential'));
    const parsed = parseNodeRegistration(request.body?.node);
    if (!parsed.ok) return reply.code(422).send(invalidStatus('Node', String((request.body?.node as { metadata?: { name?: string } })?.metadata?.name ?? ''), parsed.causes));
    const credential = nodeCredential(parsed.value.name, deps.credentials.randomToken(32));
    await execute(deps, request, 'JoinNode', {
      registration: parsed.value,
      credentialHash: deps.credentials.hash(credential),
      bootstrapTokenId: identity.name,
    });
    const cluster = deps.models.cluster;
    const natsCredentials = deps.natsCredentials ? await deps.natsCredentials.forNode(parsed.value.name) : undefined;
    return { nodeName: parsed.value.name, credential, clusterName: cluster.status === 'initialized' ? cluster.config.clusterName : '', ...(natsCredentials ? { natsCredentials } : {}) };
  });

  app.post<{ Body: { type?: unknown; data?: unknown } }>('/kes/v1/commands', async (request, reply) => {
    const { type, data } = request.body ?? {};
    if (typeof type !== 'string' || typeof data !== 'object' || data === null)
      return reply.code(400).send(failure('BadRequest', 'a command is {"type": "<CommandType>", "data": {…}}'));
    return execute(deps, request, type, data);
  });

  historyRoutes(app, deps);
  changesRoutes(app, deps);
  traceRoutes(app, deps);

  const feed = { config: { authz: { apiGroup: KES_GROUP, resource: 'events', watchFlag: 'follow' } } };
  app.get<{ Querystring: { after?: string; follow?: string } }>('/kes/v1/events', feed, async (request, reply) => {
    const after = Number(request.query.after ?? '0');
    if (!Number.isInteger(after) || after < 0) return reply.code(400).send(failure('BadRequest', `after must be a position (a whole number ≥ 0), not "${request.query.after}"`));
    // Each event as this reader may see it: a node gets the Secrets and ConfigMaps its pods do not use without their data.
    const seen = (e: RecordedEvent) => {
      const shown = eventAsSeenBy(request.identity!, e, deps.models);
      return { ...shown, data: historyItem(shown).data };
    };
    if (request.query.follow !== 'true') return { kind: 'EventLog', items: (await deps.store.readAll(after, 1000)).map(seen) };
    streamLines(request, reply, (write) => deps.store.subscribe(after).subscribe((e) => write(seen(e))));
  });

  tokenRoutes(app, deps);

  // Where a moment falls in the log: the position of the last event recorded at or before it (`kesctl get --at TIME`).
  const positions = { config: { authz: { apiGroup: KES_GROUP, resource: 'positions' } } };
  app.get<{ Querystring: { at?: string } }>('/kes/v1/positions', positions, async (request, reply) => {
    const point = parseLogPoint(request.query.at ?? '');
    if ('problem' in point) return reply.code(400).send(failure('BadRequest', `at: ${point.problem}`));
    const position = await positionOfPoint(deps.store, point, await deps.store.headPosition());
    if (typeof position !== 'number') return reply.code(400).send(failure('BadRequest', `at: ${position.problem}`));
    const [event] = position > 0 ? await deps.store.readAll(position - 1, 1) : [];
    return { kind: 'LogPosition', apiVersion: 'kes.io/v1', position, ...(event ? { recordedAt: event.metadata.at } : {}) };
  });
}
