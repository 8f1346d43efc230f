import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { KES_GROUP } from '../../../application/auth/paths.js';
import { exportLines } from '../../../application/export/export-lines.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

type ExportQuery = { since?: string; until?: string };

/** A position given in the query, or a reason it is not one. */
function positionOf(name: string, text: string | undefined, least: number): number | undefined | string {
  if (text === undefined || text === '') return undefined;
  const position = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(position) && position >= least ? position : `${name} must be a position (a whole number ≥ ${least}), not "${text}"`;
}

/**
 * `GET /kes/v1/export?since=P&until=P`: the log as NDJSON (export-lines.ts), streamed as it is read. It is the whole
 * log unfiltered — every object's history, Secrets as their ciphertext — so it has a resource of its own
 * (`export` in kes.io) that only admins are granted; the event feed, which nodes read, stays filtered.
 */
export function exportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const authz = { config: { authz: { apiGroup: KES_GROUP, resource: 'export' } } };
  app.get<{ Querystring: ExportQuery }>('/kes/v1/export', authz, async (request, reply) => {
    const since = positionOf('since', request.query.since, 1);
    const until = positionOf('until', request.query.until, 0);
    const problem = [since, until].find((value) => typeof value === 'string');
    if (problem) return reply.code(400).send(failure('BadRequest', problem as string));
    const cluster = deps.models.cluster.status === 'initialized' ? deps.models.cluster.config.clusterName : '';
    const lines = exportLines(deps.store, cluster, { since: since as number | undefined, until: until as number | undefined }, () => createHash('sha256'));
    return reply.type('application/x-ndjson').send(Readable.from(lines));
  });
}
