import type { FastifyReply, FastifyRequest } from 'fastify';
import { filter } from 'rxjs';
import type { NodeView } from '../../../application/projections/node-view.js';
import { readModelsAt } from '../../../application/queries/at-position.js';
import { changesOf } from '../../../application/projections/read-models.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import type { K8sNode } from '../k8s/k8s-types.js';
import { nodeTable } from '../k8s/node-table.js';
import { watchFrom } from '../k8s/resource-version.js';
import { streamLines } from '../k8s/watch.js';
import { isStatus, sendStatus } from './object-requests.js';
import type { NodeFilter } from './nodes.js';
import { nodeMatches } from './nodes.js';

/**
 * A watch from any resourceVersion up to the log's head: the node views are rebuilt as they were at that
 * position (the log is never compacted), then every later change is streamed. Without a resourceVersion,
 * every current node is sent as ADDED first.
 */
export async function watchNodes(
  deps: ApiDeps,
  request: FastifyRequest<{ Querystring: { resourceVersion?: string } }>,
  reply: FastifyReply,
  nodeFilter: NodeFilter,
  render: (view: NodeView) => K8sNode,
): Promise<void> {
  const requested = await watchFrom(deps, request.query.resourceVersion);
  if (isStatus(requested)) return void sendStatus(reply, requested);
  const asTable = wantsTable(request);
  const shape = (view: NodeView) => (asTable ? nodeTable([render(view)], new Date(deps.clock.nowMs()), String(view.resourceVersion)) : render(view));
  streamLines(request, reply, async (write) => {
    const from = requested > 0 ? requested : deps.models.position;
    const models = await readModelsAt(deps.store, from);
    if (!(requested > 0))
      for (const view of models.nodes.values()) if (nodeMatches(nodeFilter, view) === true) write({ type: 'ADDED', object: shape(view) });
    const changes = changesOf(models, 'Node')
      .pipe(filter((change) => nodeMatches(nodeFilter, change.view) === true))
      .subscribe((change) => write({ type: change.type, object: shape(change.view) }));
    const feed = deps.store.subscribe(models.position).subscribe((event) => models.apply(event));
    changes.add(feed);
    return changes;
  });
}
