import type { FastifyRequest } from 'fastify';
import { KES_GROUP } from '../../application/auth/paths.js';
import type { RequestAttributes, Verb } from '../../application/auth/request-attributes.js';
import { kindOfResource } from '../../application/queries/streamed-kinds.js';
import { watchRequested } from './k8s/watch.js';

/**
 * What a route is about, fixed when it is registered: a path that names no resource, or an API group, resource
 * and subresource with the namespace and name taken from the route's parameters (values starting with ':'),
 * which the router has already decoded. Requests get their attributes from this alone, never from the URL.
 */
export type AttributeSpec =
  | Readonly<{ path: string }>
  | Readonly<{
      apiGroup: string;
      resource: string;
      subresource?: string;
      namespace?: string;
      name?: string;
      /** A query flag that makes a read a watch besides Kubernetes' `watch` (the event feed's `follow`). */
      watchFlag?: string;
      /** The resource parameter may be any name kubectl takes (`cm`, `deploy`): authorize on the kind it stands for. */
      anyResourceName?: boolean;
      /** The verb whatever the method: exec, attach and portforward are `create` also over GET (a WebSocket upgrade), as in Kubernetes. */
      verb?: Verb;
    }>;

type Params = Record<string, string | undefined>;

const API_PREFIXES: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^\/api\/v1(\/.*)?$/, () => ''],
  [/^\/apis\/([^/:]+)\/[^/:]+(\/.*)?$/, (m) => m[1]],
  [/^\/kes\/v1(\/.*)?$/, () => KES_GROUP],
];

/** What `namespaces/{name}/…` may name of the Namespace itself rather than a resource in it (Kubernetes' namespaceSubresources). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** The rest of a path under an API group-version, as Kubernetes' RequestInfoFactory splits it. */
function resourceSpec(apiGroup: string, rest: string): AttributeSpec | undefined {
  const parts = rest.split('/').filter(Boolean);
  if (apiGroup === '' && parts.length === 3 && parts[0] === 'namespaces' && NAMESPACE_SUBRESOURCES.has(parts[2]))
    return { apiGroup, resource: 'namespaces', namespace: parts[1], name: parts[1], subresource: parts[2] };
  const [namespace, resource, name, subresource, more] = parts[0] === 'namespaces' && parts.length >= 3 ? parts.slice(1) : [undefined, ...parts];
  // A resource or subresource the route leaves to a parameter needs a spec of its own (see the history routes).
  const literal = (segment: string | undefined) => segment === undefined || !segment.startsWith(':');
  if (more !== undefined || !literal(resource) || !literal(subresource)) return undefined;
  return { apiGroup, resource: resource!, namespace, name, subresource };
}

/** The spec a route pattern implies: resource paths under /api/v1, /apis/G/V and /kes/v1; any other path names no resource. */
export function specOfPattern(pattern: string): AttributeSpec | undefined {
  for (const [prefix, group] of API_PREFIXES) {
    const match = prefix.exec(pattern);
    if (!match) continue;
    const rest = match[match.length - 1];
    return rest ? resourceSpec(group(match), rest) : { path: pattern };
  }
  return pattern.includes(':') || pattern.includes('*') ? undefined : { path: pattern };
}

const valueOf = (template: string | undefined, params: Params) =>
  template === undefined ? '' : template.startsWith(':') ? (params[template.slice(1)] ?? '') : template;

function verbOf(method: string, named: boolean, watching: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watching ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/** The request's attributes, from its route's spec and the router's decoded parameters; undefined when the route has none. */
export function requestAttributes(request: FastifyRequest, spec: AttributeSpec | undefined): RequestAttributes | undefined {
  if (!spec) return undefined;
  const params = request.params as Params;
  const query = request.query as Record<string, unknown>;
  if ('path' in spec) {
    const verb = verbOf(request.method, true, false);
    return verb && { verb, path: spec.path };
  }
  const name = valueOf(spec.name, params);
  const watching = watchRequested(query) || (spec.watchFlag !== undefined && query[spec.watchFlag] === 'true');
  const methodVerb = verbOf(request.method, name !== '', watching);
  const verb = methodVerb && (spec.verb ?? methodVerb);
  if (!verb) return undefined;
  const given = valueOf(spec.resource, params);
  const kind = spec.anyResourceName ? kindOfResource(given) : undefined;
  return {
    verb,
    apiGroup: kind ? kind.apiGroup : spec.apiGroup,
    resource: kind ? kind.resource : given,
    subresource: valueOf(spec.subresource, params),
    namespace: valueOf(spec.namespace, params),
    name,
  };
}
