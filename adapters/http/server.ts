import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { auditSink } from '../../application/audit/audit-sink.js';
import { RefusalAggregator } from '../../application/audit/refusal-aggregator.js';
import { systemTimers } from '../../application/ports/timers.js';
import { auditRefusals } from './audit-refusals.js';
import { authorization } from './authorization.js';
import { cleanRequestTarget } from './clean-path.js';
import { frameworkError, MAX_PARAM_LENGTH } from './framework-errors.js';
import { discoveryRoutes } from './k8s/discovery.js';
import { openApiRoutes } from './k8s/openapi/documents.js';
import { kubernetesProtobufParser } from './k8s/protobuf/protobuf-parser.js';
import { BODY_LIMIT, bodyRefusal, duplicateFieldsRefusal, emptyDeleteBody, encodedBodyRefusal, jsonBody, yamlBody } from './body-parsing.js';
import { disruptionBudgetRoutes } from './routes/disruption-budgets.js';
import { endpointsRoutes } from './routes/endpoints.js';
import { eventRoutes } from './routes/events.js';
import { eventsV1Routes } from './routes/events-v1.js';
import { auditRoutes } from './routes/audit.js';
import { kesRoutes } from './routes/kes.js';
import { exportRoutes } from './routes/export.js';
import { leaseRoutes } from './routes/leases.js';
import { metricsRoutes } from './routes/metrics.js';
import { namespaceRoutes } from './routes/namespaces.js';
import { clusterObjectRoutes } from './routes/cluster-objects.js';
import { priorityClasses } from './routes/priority-classes.js';
import { namespacedKindRoutes } from './routes/namespaced-kinds.js';
import { nodeRoutes } from './routes/nodes.js';
import { podLogRoutes } from './routes/pod-logs.js';
import { podStreamRoutes } from './routes/pod-streams.js';
import { proxyRuleRoutes } from './routes/proxy-rules.js';
import { schemaRoutes } from './routes/schemas.js';
import { selfReviewRoutes } from './routes/self-reviews.js';
import { tokenRequestRoutes } from './routes/token-requests.js';
import { failure, statusOf, withRequestDetails } from './status.js';
import { isStatus } from './routes/object-requests.js';
import { APPLY_PATCH } from './routes/field-managers.js';

const JSON_PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'];

/** A serving key and certificate (PEM): the API server then speaks HTTPS only. */
export type ApiServerTls = Readonly<{ key: string; cert: string }>;

/** The API server: Kubernetes-shaped REST for what kes knows, plus kes' own join/history/event routes. */
export function buildApiServer(deps: ApiDeps, tls?: ApiServerTls): FastifyInstance {
  const options = {
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkError,
    rewriteUrl: (request: { url?: string }) => cleanRequestTarget(request.url ?? '/'),
  };
  const app: FastifyInstance = tls ? Fastify({ ...options, https: { key: tls.key, cert: tls.cert } }) : Fastify(options);
  // A text/plain body is not a Kubernetes object: 415, as kube-apiserver answers it.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, emptyDeleteBody(jsonBody));
  app.addContentTypeParser(JSON_PATCH_TYPES, { parseAs: 'string' }, jsonBody);
  app.addContentTypeParser(['application/yaml', APPLY_PATCH], { parseAs: 'string' }, yamlBody);
  app.addContentTypeParser('application/vnd.kubernetes.protobuf', { parseAs: 'buffer' }, kubernetesProtobufParser);

  authorization(app, deps);
  auditRefusals(app, deps.refusals ?? new RefusalAggregator(auditSink(deps.handle, deps.ids, deps.clock), deps.clock, systemTimers));

  app.addHook('preParsing', async (request, reply) => {
    const refused = encodedBodyRefusal(request);
    if (refused) return reply.code(refused.code).send(refused);
  });
  app.addHook('preHandler', async (request, reply) => {
    const refused = duplicateFieldsRefusal(request, (warnings) => reply.header('warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`)));
    if (refused) return reply.code(refused.code).send(refused);
  });
  app.addHook('preSerialization', async (request, _reply, payload) =>
    isStatus(payload) && payload.status === 'Failure' ? withRequestDetails(payload, request.attributes) : payload);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = bodyRefusal(error, request) ?? statusOf(error, request.attributes);
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
  namespacedKindRoutes(app, deps);
  clusterObjectRoutes(app, deps, priorityClasses());
  podLogRoutes(app, deps);
  podStreamRoutes(app, deps);
  endpointsRoutes(app, deps);
  disruptionBudgetRoutes(app, deps);
  eventRoutes(app, deps);
  eventsV1Routes(app, deps);
  leaseRoutes(app, deps);
  metricsRoutes(app, deps);
  selfReviewRoutes(app, deps);
  tokenRequestRoutes(app, deps);
  kesRoutes(app, deps);
  exportRoutes(app, deps);
  auditRoutes(app, deps);
  schemaRoutes(app);
  proxyRuleRoutes(app, deps);
  return app;
}
