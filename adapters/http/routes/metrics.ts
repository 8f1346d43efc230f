import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NodeUsage, PodUsage, Usage } from '../../../application/ports/resource-usage.js';
import { nodeUsages } from '../../../application/queries/node-usage.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { matchesSelector, parseSelector } from '../../../domain/shared/selectors.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';
import { sendStatus } from './object-requests.js';

const PREFIX = '/apis/metrics.k8s.io/v1beta1';
const API_VERSION = 'metrics.k8s.io/v1beta1';

type Query = { labelSelector?: string };

/** CPU in nanocores and memory in KiB, as metrics-server writes its quantities. */
const usageOf = ({ cpuNanoCores, memoryBytes }: Usage) => ({ cpu: `${Math.round(cpuNanoCores)}n`, memory: `${Math.round(memoryBytes / 1024)}Ki` });

function nodeMetrics(deps: ApiDeps, name: string, usage: NodeUsage) {
  const node = deps.models.nodes.get(name);
  return {
    kind: 'NodeMetrics', apiVersion: API_VERSION,
    metadata: { name, creationTimestamp: usage.timestamp, labels: { ...(node?.labels ?? {}) } },
    timestamp: usage.timestamp, window: `${usage.windowSeconds}s`, usage: usageOf(usage),
  };
}

function podMetrics(deps: ApiDeps, pod: PodUsage, usage: NodeUsage) {
  const view = deps.models.pods.get(namespacedKey(pod.namespace, pod.name));
  return {
    kind: 'PodMetrics', apiVersion: API_VERSION,
    metadata: { name: pod.name, namespace: pod.namespace, creationTimestamp: usage.timestamp, labels: { ...(view?.meta.labels ?? {}) } },
    timestamp: usage.timestamp, window: `${usage.windowSeconds}s`,
    containers: pod.containers.map((c) => ({ name: c.name, usage: usageOf(c) })),
  };
}

const labelFilter = (query: Query) => {
  if (!query.labelSelector) return { ok: true as const, matches: () => true };
  const parsed = parseSelector(query.labelSelector);
  if (!parsed.ok) return { ok: false as const, problem: `unable to parse labelSelector: ${parsed.problem}` };
  return { ok: true as const, matches: (labels: Readonly<Record<string, string>>) => matchesSelector(parsed.selector, labels) };
};

/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, what `kubectl top` reads: asked of the nodes' kubelets on each
 * request (as metrics-server scrapes them; nothing is stored), simulated nodes made up from their pods. Only
 * pods kes knows of are listed (a process the runtime still holds for a deleted pod is not).
 */
export function metricsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.nowMs()).toISOString();

  const listNodes = async (request: FastifyRequest, reply: FastifyReply) => {
    const filter = labelFilter(request.query as Query);
    if (!filter.ok) return sendStatus(reply, failure('BadRequest', filter.problem));
    const usages = await nodeUsages(deps.models, deps.kubeletStats, now());
    const items = [...usages].sort(([a], [b]) => a.localeCompare(b)).map(([name, usage]) => nodeMetrics(deps, name, usage))
      .filter((m) => filter.matches(m.metadata.labels));
    return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  };
  app.get(`${PREFIX}/nodes`, listNodes);
  app.get<{ Params: { name: string } }>(`${PREFIX}/nodes/:name`, async (request, reply) => {
    const usage = (await nodeUsages(deps.models, deps.kubeletStats, now(), request.params.name)).get(request.params.name);
    if (!usage) return sendStatus(reply, failure('NotFound', `nodemetrics.metrics.k8s.io "${request.params.name}" not found`, { name: request.params.name, group: 'metrics.k8s.io', kind: 'nodes' }));
    return nodeMetrics(deps, request.params.name, usage);
  });

  const podItems = async (namespace: string | undefined, name?: string) => {
    const usages = await nodeUsages(deps.models, deps.kubeletStats, now());
    return [...usages.values()].flatMap((usage) => usage.pods
      .filter((p) => (namespace === undefined || p.namespace === namespace) && (name === undefined || p.name === name))
      .filter((p) => deps.models.pods.has(namespacedKey(p.namespace, p.name)))
      .map((p) => podMetrics(deps, p, usage)))
      .sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
  };
  const listPods = async (request: FastifyRequest, reply: FastifyReply, namespace: string | undefined) => {
    const filter = labelFilter(request.query as Query);
    if (!filter.ok) return sendStatus(reply, failure('BadRequest', filter.problem));
    const items = (await podItems(namespace)).filter((m) => filter.matches(m.metadata.labels));
    return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  };
  app.get(`${PREFIX}/pods`, (request, reply) => listPods(request, reply, undefined));
  app.get<{ Params: { namespace: string } }>(`${PREFIX}/namespaces/:namespace/pods`, (request, reply) => listPods(request, reply, request.params.namespace));
  app.get<{ Params: { namespace: string; name: string } }>(`${PREFIX}/namespaces/:namespace/pods/:name`, async (request, reply) => {
    const [item] = await podItems(request.params.namespace, request.params.name);
    if (!item) return sendStatus(reply, failure('NotFound', `podmetrics.metrics.k8s.io "${request.params.name}" not found`, { name: request.params.name, group: 'metrics.k8s.io', kind: 'pods' }));
    return item;
  });
}
