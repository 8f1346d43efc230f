import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';

/**
 * Pods are not modelled yet (the workloads issue brings them), so no pod can exist and every pod list is
 * empty. kubectl's `describe node` lists the node's pods and fails without this route.
 */
export function podRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const emptyList = async () => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(deps.models.position) }, items: [] });
  app.get('/api/v1/pods', emptyList);
  app.get('/api/v1/namespaces/:namespace/pods', emptyList);
}
