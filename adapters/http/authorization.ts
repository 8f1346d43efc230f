import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ANONYMOUS, authenticate, type Identity } from '../../application/auth/authenticate.js';
import { authorizeRequest } from '../../application/auth/authorize-request.js';
import type { RequestAttributes } from '../../application/auth/request-attributes.js';
import { dnsLabelProblem } from '../../domain/shared/labels.js';
import type { ApiDeps } from './api-deps.js';
import { requestAttributes, specOfPattern, type AttributeSpec } from './route-attributes.js';
import { failure } from './status.js';

/** A route as the router registered it, with what it is about: the authorization matrix test is generated from these. */
export type RouteEntry = Readonly<{ method: string; url: string; spec: AttributeSpec | undefined }>;

type RouteConfig = { authz?: AttributeSpec };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
  interface FastifyRequest {
    attributes?: RequestAttributes;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

const unmatched = (request: FastifyRequest): RequestAttributes => ({ verb: request.method === 'GET' || request.method === 'HEAD' ? 'get' : 'create', path: '' });

/** Who sends the request, or the 401 to answer. */
function identify(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply): Identity | undefined {
  const token = bearer(request);
  if (!token) {
    reply.code(401).send(failure('Unauthorized', 'Unauthorized: send an Authorization: Bearer <token> header (see admin.kubeconfig)'));
    return undefined;
  }
  const identity = authenticate(token, deps.models, deps.credentials, deps.clock.now(), deps.serviceAccountTokens);
  if (!identity) reply.code(401).send(failure('Unauthorized', 'Unauthorized: the bearer token is not valid (unknown, expired or revoked)'));
  return identity;
}

/**
 * Authentication and authorization for every route: each route's attributes are fixed when it is registered
 * (from its pattern, or its `config.authz`), each request's come from the router's decoded parameters, and the
 * authorizer decides on those alone. A route without attributes is refused; a path no route matches is
 * authorized as a path without a resource (only an admin gets its 404).
 */
export function authorization(app: FastifyInstance, deps: ApiDeps): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as RouteConfig;
    const spec = config.authz ?? specOfPattern(route.url);
    route.config = { ...config, authz: spec };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, spec });
  });

  app.addHook('onRequest', async (request, reply) => {
    const matched = request.routeOptions.url !== undefined;
    const attributes = matched ? requestAttributes(request, (request.routeOptions.config as RouteConfig).authz) : unmatched(request);
    if (!attributes)
      return reply.code(403).send(failure('Forbidden', `${request.method} ${request.routeOptions.url} has no authorization attributes: kes refuses it for everyone`));
    request.attributes = attributes;
    if (authorizeRequest(ANONYMOUS, attributes, deps.models).allowed) return;
    const identity = identify(deps, request, reply);
    if (!identity) return reply;
    // Known before the decision, so a refusal is audited under the actor's name.
    request.identity = identity;
    const decision = authorizeRequest(identity, attributes, deps.models);
    if (!decision.allowed) return reply.code(403).send(failure('Forbidden', decision.message, forbiddenDetails(attributes)));
    // Keys join a namespace and a name with '.', which no namespace holds: one that does would read another's objects.
    if ('namespace' in attributes && attributes.namespace !== '' && dnsLabelProblem(attributes.namespace))
      return reply.code(404).send(failure('NotFound', `namespaces "${attributes.namespace}" not found`, { name: attributes.namespace, kind: 'namespaces' }));
  });
}

const forbiddenDetails = (a: RequestAttributes) =>
  'resource' in a ? { ...(a.name ? { name: a.name } : {}), ...(a.apiGroup ? { group: a.apiGroup } : {}), kind: a.resource } : undefined;
