import type { FastifyInstance } from 'fastify';
import { rulesOf } from '../../../application/agents/kube-proxy.js';
import type { ProxyRule } from '../../../domain/service/proxy-rules.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

export type ProxyRuleList = Readonly<{ kind: 'ProxyRuleList'; apiVersion: 'kes.io/v1'; node: string; items: readonly ProxyRule[] }>;

/**
 * `GET /kes/v1/nodes/{name}/proxyrules`: the rules the node's kube-proxy applies, computed from the API
 * server's read models. Every node's kube-proxy computes this same set from the same Services and Endpoints
 * (`rulesOf`), so the node only has to exist.
 */
export function proxyRuleRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Params: { name: string } }>('/kes/v1/nodes/:name/proxyrules', async (request, reply) => {
    const { name } = request.params;
    if (!deps.models.nodes.has(name)) return reply.code(404).send(failure('NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' }));
    const list: ProxyRuleList = { kind: 'ProxyRuleList', apiVersion: 'kes.io/v1', node: name, items: rulesOf(deps.models) };
    return list;
  });
}
