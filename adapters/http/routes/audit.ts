import type { FastifyInstance } from 'fastify';
import { KES_GROUP } from '../../../application/auth/paths.js';
import { readAudit, type AuditQuery } from '../../../application/queries/audit-log.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

type Query = { actor?: string; kind?: string; name?: string; since?: string; refused?: string; limit?: string };

const DEFAULT_LIMIT = 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `since` is a position (a whole number) or an RFC 3339 time; anything else is a message saying so. */
function sinceOf(since: string | undefined): Pick<AuditQuery, 'sinceTime' | 'sincePosition'> | string {
  if (since === undefined || since === '') return {};
  if (/^\d+$/.test(since)) return { sincePosition: Number(since) };
  if (RFC3339.test(since) && !Number.isNaN(Date.parse(since))) return { sinceTime: since };
  return `since must be a position (a whole number) or an RFC 3339 time such as 2025-01-31T10:00:00Z, not "${since}"`;
}

/**
 * `GET /kes/v1/audit`: who was refused what (and, without `refused=true`, who had which command carried out),
 * filtered by `actor`, `kind`, `name` and `since`. An admin's read: it names every actor and source address.
 */
export function auditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const authz = { config: { authz: { apiGroup: KES_GROUP, resource: 'audit' } } };
  app.get<{ Querystring: Query }>('/kes/v1/audit', authz, async (request, reply) => {
    const { actor, kind, name, refused, limit } = request.query;
    const since = sinceOf(request.query.since);
    if (typeof since === 'string') return reply.code(400).send(failure('BadRequest', since));
    const max = limit === undefined ? DEFAULT_LIMIT : Number(limit);
    if (!Number.isInteger(max) || max < 1) return reply.code(400).send(failure('BadRequest', `limit must be a whole number ≥ 1, not "${limit}"`));
    if (refused !== undefined && refused !== 'true' && refused !== 'false')
      return reply.code(400).send(failure('BadRequest', `refused must be true or false, not "${refused}"`));
    const query: AuditQuery = { actor: actor || undefined, kind: kind || undefined, name: name || undefined, ...since, refusedOnly: refused === 'true', limit: max };
    const page = await readAudit(deps.store, query);
    return { kind: 'AuditLog', apiVersion: 'kes.io/v1', ...page };
  });
}
