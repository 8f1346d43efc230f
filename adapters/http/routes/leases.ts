import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import { age } from '../k8s/duration.js';
import { rowOf, tableOf } from '../k8s/objects/pod-table.js';
import { withRowObjects } from '../k8s/table-objects.js';
import type { TableColumnDefinition } from '../k8s/k8s-types.js';
import { failure } from '../status.js';

type Lease = { Params: { name: string } };
const NAMESPACE = 'kube-node-lease';
const LEASES = `/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases`;
const LEASE_SECONDS = 40;

/** Kubernetes' MicroTime: RFC 3339 with exactly six fractional digits, which kubectl requires when it parses one. */
export const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

const COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Holder', type: 'string', description: 'The holder of the lease.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
];

/**
 * Node heartbeats as Kubernetes node leases. A renewal is a heartbeat, not a cluster change: it is kept
 * in memory and never appended to the log. A lease is as old as its node.
 */
export function leaseRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const lease = (name: string, renewMs: number) => {
    const node = deps.models.nodes.get(name);
    return {
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name, namespace: NAMESPACE, ...(node ? { uid: node.uid, creationTimestamp: node.createdAt, resourceVersion: String(node.resourceVersion) } : {}) },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_SECONDS, renewTime: microTime(renewMs) },
    };
  };

  app.get(LEASES, async (request) => {
    const items = [...deps.models.nodes.keys()].sort().flatMap((name) => {
      const last = deps.heartbeats.lastBeat(name);
      return last === undefined ? [] : [lease(name, last)];
    });
    const resourceVersion = String(deps.models.position);
    if (!wantsTable(request)) return { kind: 'LeaseList', apiVersion: 'coordination.k8s.io/v1', metadata: { resourceVersion }, items };
    const now = new Date(deps.clock.nowMs());
    const table = tableOf(COLUMNS, items.map((l) => rowOf([l.metadata.name, l.spec.holderIdentity, age(l.metadata.creationTimestamp ?? now.toISOString(), now)], l.metadata)), resourceVersion);
    return withRowObjects(table, items, { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1' }, request);
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
