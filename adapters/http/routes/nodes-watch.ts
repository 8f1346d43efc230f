import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NodeView } from '../../../application/projections/node-view.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import type { K8sNode } from '../k8s/k8s-types.js';
import { parseListOptions, type ListQuery } from '../k8s/list-options.js';
import { nodeTable } from '../k8s/node-table.js';
import { isStatus, sendStatus } from './object-requests.js';
import { watchViews } from './object-watch.js';
import type { NodeFilter } from './nodes.js';
import { nodeMatches } from './nodes.js';

/**
 * A watch of nodes, like any other kind's (watchViews): from any resourceVersion up to the log's head, started
 * from the live read models; without a resourceVersion, every current node is sent as ADDED first.
 */
export async function watchNodes(
  deps: ApiDeps,
  request: FastifyRequest<{ Querystring: ListQuery }>,
  reply: FastifyReply,
  nodeFilter: NodeFilter,
  render: (view: NodeView) => K8sNode,
): Promise<void> {
  const options = parseListOptions(request.query, true);
  if (isStatus(options)) return void sendStatus(reply, options);
  const asTable = wantsTable(request);
  const now = () => new Date(deps.clock.nowMs());
  return watchViews(deps, request, reply, options, {
    kind: 'Node',
    entries: (models) => models.nodes.entries(),
    matches: (view) => nodeMatches(nodeFilter, view) === true,
    shape: (view) => (asTable ? nodeTable([render(view)], now(), String(view.resourceVersion)) : render(view)),
    bookmark: (metadata) => (asTable ? { ...nodeTable([], now(), metadata.resourceVersion), metadata } : { kind: 'Node', apiVersion: 'v1', metadata }),
  });
}
