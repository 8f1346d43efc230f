import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { KubeletUnreachable } from '../../../application/ports/kubelet-logs.js';
import type { KubeletStreamKind, KubeletStreamRequest } from '../../../application/ports/kubelet-streams.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { specOfPattern, type AttributeSpec } from '../route-attributes.js';
import { failure, type StatusBody } from '../status.js';
import { isStatus, notFoundStatus, sendStatus } from './object-requests.js';
import { containerOf, kubeletOf } from './pod-logs.js';

type Named = { namespace: string; name: string };
type Upgrade = Readonly<{ socket: Duplex; head: Buffer }>;

const POD = { kind: 'Pod', plural: 'pods' };
/** The subresource, the kubelet endpoint it is served by, and what kubectl calls doing it (for refusals). */
const STREAMS: readonly (readonly [string, KubeletStreamKind, string])[] = [
  ['exec', 'exec', 'run a command in'],
  ['attach', 'attach', 'attach to'],
  ['portforward', 'portForward', 'forward a port of'],
];
/** The client's upgrade headers the kubelet needs to answer the handshake. */
const PASSED_ON = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];

/** Upgrade requests routed through the router: their connection, taken over once the request is authorized. */
const upgrades = new WeakMap<IncomingMessage, Upgrade>();

/**
 * Requests with `Upgrade:` never reach Fastify by themselves (Node emits them as 'upgrade'): route them like any
 * other, over a response on their socket, so that authentication, authorization and errors are the same; only
 * the stream routes below take the connection over.
 */
function routeUpgrades(app: FastifyInstance): void {
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    upgrades.set(request, { socket, head });
    const response = new ServerResponse(request);
    response.shouldKeepAlive = false;
    response.assignSocket(socket as never);
    response.on('finish', () => socket.end());
    app.routing(request, response);
  });
}

function refusalForNode(deps: ApiDeps, pod: PodView, doing: string): StatusBody | undefined {
  const node = pod.nodeName ? deps.models.nodes.get(pod.nodeName) : undefined;
  if (node?.nodeInfo.containerRuntimeVersion.startsWith('simulated'))
    return failure('BadRequest', `pod ${pod.meta.name} runs on simulated node ${node.name}, which runs no processes: there is nothing to ${doing} it`);
  return undefined;
}

function upgradeHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** What to ask the pod's kubelet, or why not (Kubernetes' words where it has them). */
function streamRequest(deps: ApiDeps, request: FastifyRequest, kind: KubeletStreamKind, doing: string) {
  const named = request.params as Named;
  const pod = deps.models.pods.get(namespacedKey(named.namespace, named.name));
  if (!pod) return notFoundStatus(POD, named.name);
  const query = request.raw.url?.split('?')[1] ?? '';
  const asked = new URLSearchParams(query);
  let container: string | undefined;
  if (kind !== 'portForward') {
    const chosen = containerOf(pod, asked.get('container') ?? undefined);
    if (isStatus(chosen)) return chosen;
    container = chosen;
    if (kind === 'exec' && asked.getAll('command').length === 0) return failure('BadRequest', 'you must specify at least 1 command');
  }
  const refused = refusalForNode(deps, pod, doing);
  if (refused) return refused;
  const kubelet = kubeletOf(deps, pod, `cannot ${doing} its containers`);
  if (isStatus(kubelet)) return kubelet;
  const forward: KubeletStreamRequest = {
    kind, namespace: pod.meta.namespace, pod: pod.meta.name, ...(container !== undefined ? { container } : {}), query, headers: upgradeHeaders(request),
  };
  return { kubelet, forward };
}

async function stream(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, kind: KubeletStreamKind, doing: string) {
  const upgrade = upgrades.get(request.raw);
  if (!upgrade) return sendStatus(reply, failure('BadRequest', 'Upgrade request required'));
  const asked = streamRequest(deps, request, kind, doing);
  if (isStatus(asked)) return sendStatus(reply, asked);
  if (!deps.kubeletStreams) return sendStatus(reply, failure('InternalError', `this API server has no kubelet client certificate, so it cannot ${doing} containers`));
  try {
    await deps.kubeletStreams.splice(asked.kubelet, asked.forward, upgrade.socket, upgrade.head);
  } catch (error) {
    if (!(error instanceof KubeletUnreachable)) throw error;
    return sendStatus(reply, failure('InternalError', error.message));
  }
  reply.hijack();
}

/**
 * `pods/exec`, `pods/attach` and `pods/portforward` (GET or POST with a WebSocket upgrade, authorized as `create`
 * as Kubernetes does), handed to the kubelet of the pod's node, which runs the stream; and `pods/ephemeralcontainers`,
 * refused in the words kubectl debug expects when a cluster has none.
 */
export function podStreamRoutes(app: FastifyInstance, deps: ApiDeps): void {
  routeUpgrades(app);
  for (const [subresource, kind, doing] of STREAMS) {
    const url = `/api/v1/namespaces/:namespace/pods/:name/${subresource}`;
    const authz = { ...specOfPattern(url), verb: 'create' } as AttributeSpec;
    app.route({ method: ['GET', 'POST'], url, config: { authz }, handler: (request, reply) => stream(deps, request, reply, kind, doing) });
  }
  app.patch('/api/v1/namespaces/:namespace/pods/:name/ephemeralcontainers', async (_request, reply) =>
    sendStatus(reply, failure('NotFound', 'the server could not find the requested resource: kes runs no ephemeral containers (kubectl debug); use kubectl exec into one of the pod\'s containers', { kind: 'pods/ephemeralcontainers' })),
  );
}
