import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

type Lease = { Params: { name: string } };
const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
const LEASE_SECONDS = 40;

/**
 * Node heartbeats as Kubernetes node leases. A renewal is a heartbeat, not a cluster change: it is kept
 * in memory and never appended to the log.
 */
export function leaseRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const lease = (name: string, renewMs: number) => ({
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name, namespace: 'kube-node-lease' },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_SECONDS, renewTime: new Date(renewMs).toISOString() },
  });

  app.get<Lease>(`${LEASES}/:name`, async (request, reply) => {
    const last = deps.heartbeats.lastBeat(request.params.name);
    if (last === undefined) return reply.code(404).send(failure('NotFound', `leases.coordination.k8s.io "${request.params.name}" not found`));
    return lease(request.params.name, last);
  });

  const renew = async (request: FastifyRequest<Lease>, reply: FastifyReply) => {
    const name = request.params.name;
    if (!deps.models.nodes.has(name)) return reply.code(404).send(failure('NotFound', `nodes "${name}" not found: register the node before renewing its lease`));
    const now = deps.clock.nowMs();
    deps.heartbeats.beat(name, now);
    return lease(name, now);
  };
  app.put<Lease>(`${LEASES}/:name`, renew);
  app.post<Lease>(`${LEASES}/:name`, renew);
}
