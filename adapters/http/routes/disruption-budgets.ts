import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';

/**
 * kes has no PodDisruptionBudgets, so none ever holds an eviction back. policy/v1 still lists them (always
 * empty): kubectl drain evicts only when discovery shows the policy group, and a group-version must name at
 * least one resource.
 */
export function disruptionBudgetRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const none = async () => ({ kind: 'PodDisruptionBudgetList', apiVersion: 'policy/v1', metadata: { resourceVersion: String(deps.models.position) }, items: [] });
  app.get('/apis/policy/v1/poddisruptionbudgets', none);
  app.get('/apis/policy/v1/namespaces/:namespace/poddisruptionbudgets', none);
}
