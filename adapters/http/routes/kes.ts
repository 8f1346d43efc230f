import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nodeCredential } from '../../../application/auth/authenticate.js';
import { historyItem } from '../../../application/queries/history.js';
import { parseNodeRegistration } from '../../../application/validation/node-registration.js';
import type { ApiDeps } from '../api-deps.js';
import { execute } from '../execute.js';
import { streamLines } from '../k8s/watch.js';
import { failure, invalidStatus } from '../status.js';
import { historyRoutes } from './history.js';
import { tokenRoutes } from './tokens.js';

function adminOnly(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.identity?.kind === 'admin') return true;
  reply.code(403).send(failure('Forbidden', `${request.identity?.actor} may not use ${request.url}: admin only`));
  return false;
}

/** kes' own API: join, history, the raw event feed for agents, bootstrap tokens. */
export function kesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Public, like kubeadm's cluster-info: a joining node fetches the CA untrusted and checks it by its hash.
  app.get('/kes/v1/cluster-ca', async (_request, reply) => {
    if (!deps.caCert) return reply.code(404).send(failure('NotFound', 'this API server has no cluster CA: it does not serve HTTPS'));
    return { caCert: deps.caCert };
  });

  app.post<{ Body: { node?: unknown } }>('/kes/v1/join', async (request, reply) => {
    const identity = request.identity!;
    if (identity.kind !== 'bootstrap') return reply.code(403).send(failure('Forbidden', 'joining takes a bootstrap token (kesadm token create)'));
    const parsed = parseNodeRegistration(request.body?.node);
    if (!parsed.ok) return reply.code(422).send(invalidStatus('Node', String((request.body?.node as { metadata?: { name?: string } })?.metadata?.name ?? ''), parsed.causes));
    const credential = nodeCredential(parsed.value.name, deps.credentials.randomToken(32));
    await execute(deps, request, 'JoinNode', {
      registration: parsed.value,
      credentialHash: deps.credentials.hash(credential),
      bootstrapTokenId: identity.name,
    });
    const cluster = deps.models.cluster;
    return { nodeName: parsed.value.name, credential, clusterName: cluster.status === 'initialized' ? cluster.config.clusterName : '' };
  });

  app.post<{ Body: { type?: unknown; data?: unknown } }>('/kes/v1/commands', async (request, reply) => {
    const { type, data } = request.body ?? {};
    if (typeof type !== 'string' || typeof data !== 'object' || data === null)
      return reply.code(400).send(failure('BadRequest', 'a command is {"type": "<CommandType>", "data": {…}}'));
    return execute(deps, request, type, data);
  });

  historyRoutes(app, deps);

  app.get<{ Querystring: { after?: string; follow?: string } }>('/kes/v1/events', async (request, reply) => {
    const after = Number(request.query.after ?? '0');
    if (!Number.isInteger(after) || after < 0) return reply.code(400).send(failure('BadRequest', `after must be a position (a whole number ≥ 0), not "${request.query.after}"`));
    if (request.query.follow !== 'true') {
      const items = (await deps.store.readAll(after, 1000)).map((e) => ({ ...e, data: historyItem(e).data }));
      return { kind: 'EventLog', items };
    }
    streamLines(request, reply, (write) => deps.store.subscribe(after).subscribe((e) => write({ ...e, data: historyItem(e).data })));
  });

  app.register(async (admin) => {
    admin.addHook('preHandler', async (request, reply) => {
      if (!adminOnly(request, reply)) return reply;
    });
    tokenRoutes(admin, deps);
  });
}
