import type { FastifyInstance } from 'fastify';
import { newBootstrapToken } from '../../../application/commands/bootstrap-token.js';
import type { ApiDeps } from '../api-deps.js';
import { execute } from '../execute.js';
import { failure } from '../status.js';

const DAY_SECONDS = 24 * 60 * 60;

/** kubeadm-style bootstrap tokens `[a-z0-9]{6}.[a-z0-9]{16}`: only the secret's hash is stored. */
export function tokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<{ Body: { ttlSeconds?: number; description?: string } | undefined }>('/kes/v1/tokens', async (request, reply) => {
    const ttl = request.body?.ttlSeconds ?? DAY_SECONDS;
    if (!Number.isInteger(ttl) || ttl <= 0) return reply.code(422).send(failure('Invalid', `ttlSeconds must be a whole number of seconds > 0, not ${ttl}`));
    const { token, data } = newBootstrapToken(deps.credentials, deps.clock, ttl * 1000, request.body?.description ?? '');
    await execute(deps, request, 'CreateBootstrapToken', data);
    return reply.code(201).send({ token, tokenId: data.tokenId, expiresAt: data.expiresAt });
  });

  app.get('/kes/v1/tokens', async () => {
    const cluster = deps.models.cluster;
    const tokens = cluster.status === 'initialized' ? Object.values(cluster.tokens) : [];
    return { items: tokens.map(({ secretHash: _hidden, ...token }) => token) };
  });

  app.delete<{ Params: { id: string } }>('/kes/v1/tokens/:id', async (request) => {
    const tokenId = request.params.id.split('.')[0];
    await execute(deps, request, 'DeleteBootstrapToken', { tokenId });
    return { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: tokenId, kind: 'bootstraptokens' }, code: 200 };
  });
}
