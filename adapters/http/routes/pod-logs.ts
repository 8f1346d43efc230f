import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { ContainerLogsUnavailable } from '../../../application/ports/container-runtime.js';
import { KubeletUnreachable, type ContainerLogsRequest, type KubeletAddress } from '../../../application/ports/kubelet-logs.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import { kubeletAddressOf } from '../../../application/queries/kubelet-address.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, type StatusBody } from '../status.js';
import { logOptionsOf, type LogQuery } from './pod-log-options.js';
import { isStatus, notFoundStatus, sendStatus } from './object-requests.js';

type Named = { namespace: string; name: string };

const POD = { kind: 'Pod', plural: 'pods' };

/** The container asked for, or the only one; several and none named is a 400 naming them, as Kubernetes says it. */
export function containerOf(pod: PodView, asked: string | undefined): string | StatusBody {
  const names = pod.spec.containers.map((c) => c.name);
  const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
  const name = pod.meta.name;
  if (asked) return names.includes(asked) || initNames.includes(asked) ? asked : failure('BadRequest', `container ${asked} is not valid for pod ${name}`);
  if (names.length === 1) return names[0];
  const inits = initNames.length > 0 ? ` or one of the init containers: [${initNames.join(' ')}]` : '';
  return failure('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${inits}`);
}

function requestOf(pod: PodView, query: LogQuery): ContainerLogsRequest | StatusBody {
  const options = logOptionsOf(pod.meta.name, query);
  if (isStatus(options)) return options;
  const container = containerOf(pod, query.container);
  if (isStatus(container)) return container;
  return { namespace: pod.meta.namespace, pod: pod.meta.name, container, ...options };
}

/** Where the kubelet of the pod's node listens: its InternalIP and the port it registered. */
export function kubeletOf(deps: ApiDeps, pod: PodView, what = 'its logs cannot be read'): KubeletAddress | StatusBody {
  const nodeName = pod.nodeName;
  if (!nodeName) return failure('BadRequest', `pod ${pod.meta.name} does not have a host assigned`);
  const node = deps.models.nodes.get(nodeName);
  const address = node && kubeletAddressOf(node);
  if (!address)
    return failure('BadRequest', `node "${nodeName}" of pod ${pod.meta.name} does not say where its kubelet listens (no InternalIP or status.daemonEndpoints.kubeletEndpoint.Port): ${what}`);
  return address;
}

function refusalOf(error: unknown): StatusBody {
  if (error instanceof ContainerLogsUnavailable) return failure(error.problem === 'PodNotFound' ? 'NotFound' : 'BadRequest', error.message);
  if (error instanceof KubeletUnreachable) return failure('InternalError', error.message);
  throw error;
}

/** Passes the kubelet's bytes on; once the client has gone, the aborted read is not an error. */
async function* passedOn(body: AsyncIterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the container's logs, streamed from the kubelet of the pod's node. */
export function podLogRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/v1/namespaces/:namespace/pods/:name/log', async (request, reply) => {
    const named = request.params as Named;
    const pod = deps.models.pods.get(namespacedKey(named.namespace, named.name));
    if (!pod) return sendStatus(reply, notFoundStatus(POD, named.name));
    const logs = requestOf(pod, request.query as LogQuery);
    if (isStatus(logs)) return sendStatus(reply, logs);
    const kubelet = kubeletOf(deps, pod);
    if (isStatus(kubelet)) return sendStatus(reply, kubelet);
    if (!deps.kubeletLogs) return sendStatus(reply, failure('InternalError', 'this API server has no kubelet client certificate, so it cannot read container logs'));
    const abort = new AbortController();
    reply.raw.on('close', () => abort.abort());
    let body: AsyncIterable<Uint8Array>;
    try {
      body = await deps.kubeletLogs.open(kubelet, logs, abort.signal);
    } catch (error) {
      return sendStatus(reply, refusalOf(error));
    }
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(passedOn(body, abort.signal)));
  });
}
