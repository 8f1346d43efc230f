import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { nodeReadRefusal } from '../../application/auth/node-reads.js';
import { authenticate } from '../../application/auth/authenticate.js';
import type { ApiDeps } from './api-deps.js';
import { discoveryRoutes } from './k8s/discovery.js';
import { openApiRoutes } from './k8s/openapi/documents.js';
import { decodeKubernetesProtobuf } from './k8s/protobuf/protobuf-body.js';
import { BODY_LIMIT, bodyRefusal, depthLimited } from './body-parsing.js';
import { configMapRoutes } from './routes/configmaps.js';
import { deploymentRoutes } from './routes/deployments.js';
import { disruptionBudgetRoutes } from './routes/disruption-budgets.js';
import { endpointsRoutes } from './routes/endpoints.js';
import { eventRoutes } from './routes/events.js';
import { kesRoutes } from './routes/kes.js';
import { leaseRoutes } from './routes/leases.js';
import { namespaceRoutes } from './routes/namespaces.js';
import { nodeRoutes } from './routes/nodes.js';
import { podLogRoutes } from './routes/pod-logs.js';
import { podRoutes } from './routes/pods.js';
import { proxyRuleRoutes } from './routes/proxy-rules.js';
import { replicaSetRoutes } from './routes/replicasets.js';
import { secretRoutes } from './routes/secrets.js';
import { serviceRoutes } from './routes/services.js';
import { failure, statusOf } from './status.js';

const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version', '/kes/v1/cluster-ca']);
const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'];

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/** A serving key and certificate (PEM): the API server then speaks HTTPS only. */
export type ApiServerTls = Readonly<{ key: string; cert: string }>;

/** The API server: Kubernetes-shaped REST for what kes knows, plus kes' own join/history/event routes. */
export function buildApiServer(deps: ApiDeps, tls?: ApiServerTls): FastifyInstance {
  const options = { logger: false, bodyLimit: BODY_LIMIT };
  const app: FastifyInstance = tls ? Fastify({ ...options, https: { key: tls.key, cert: tls.cert } }) : Fastify(options);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, depthLimited(app.getDefaultJsonParser('error', 'error')));
  app.addContentTypeParser(PATCH_TYPES, { parseAs: 'string' }, depthLimited(app.getDefaultJsonParser('error', 'ignore')));
  app.addContentTypeParser('application/vnd.kubernetes.protobuf', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, decodeKubernetesProtobuf(body as Buffer));
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC.has(request.url.split('?')[0])) return;
    const token = bearer(request);
    if (!token) return reply.code(401).send(failure('Unauthorized', 'Unauthorized: send an Authorization: Bearer <token> header (see admin.kubeconfig)'));
    const identity = authenticate(token, deps.models, deps.credentials, deps.clock.now());
    if (!identity) return reply.code(401).send(failure('Unauthorized', 'Unauthorized: the bearer token is not valid (unknown, expired or revoked)'));
    if (identity.kind === 'bootstrap' && request.url !== '/kes/v1/join')
      return reply.code(403).send(failure('Forbidden', `${identity.actor} may only join a node (POST /kes/v1/join)`));
    if (identity.kind === 'node' && request.method === 'GET') {
      const refusal = nodeReadRefusal(deps.models, identity.name, request.url);
      if (refusal) return reply.code(403).send(failure('Forbidden', refusal));
    }
    request.identity = identity;
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = bodyRefusal(error) ?? statusOf(error);
    return reply.code(status.code).send(status);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(failure('NotFound', `the server could not find the requested resource (${request.method} ${request.url.split('?')[0]})`)),
  );

  app.get('/healthz', async () => 'ok');
  app.get('/livez', async () => 'ok');
  app.get('/readyz', async () => 'ok');
  discoveryRoutes(app, deps.kubernetesVersion);
  openApiRoutes(app, deps.kubernetesVersion);
  nodeRoutes(app, deps);
  namespaceRoutes(app, deps);
  podRoutes(app, deps);
  podLogRoutes(app, deps);
  replicaSetRoutes(app, deps);
  deploymentRoutes(app, deps);
  serviceRoutes(app, deps);
  endpointsRoutes(app, deps);
  configMapRoutes(app, deps);
  secretRoutes(app, deps);
  disruptionBudgetRoutes(app, deps);
  eventRoutes(app, deps);
  leaseRoutes(app, deps);
  kesRoutes(app, deps);
  proxyRuleRoutes(app, deps);
  return app;
}
