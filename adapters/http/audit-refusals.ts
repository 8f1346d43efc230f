import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '../../application/auth/authenticate.js';
import { isResourceRequest, type RequestAttributes } from '../../application/auth/request-attributes.js';
import { RefusalAggregator, type Refusal } from '../../application/audit/refusal-aggregator.js';
import { MAX_AUDIT_MESSAGE } from '../../application/validation/audit-command.dto.js';
import type { AskedFor } from '../../domain/audit/audit.js';
import { isStatus } from './routes/object-requests.js';
import type { StatusBody } from './status.js';

/**
 * What a refusal is: 401 (authentication), 403 (authorization) and bad input — 400, 413, 415, 422, including a
 * decider's refusal and a refused dry run. Not refusals: a 404 (a read of a missing object), a 409 (a conflict
 * or an object that already exists: the request was allowed and well formed), a 429 and 5xx (the server's state).
 */
const REFUSED = new Set([400, 401, 403, 413, 415, 422]);
export const isRefusal = (code: number) => REFUSED.has(code);

/** Requests whose refusal messages may quote what they carried (a Secret's keys' values, a command's data). */
const CARRIES_SECRETS = new Set(['secrets', 'commands']);

declare module 'fastify' {
  interface FastifyInstance {
    refusals: RefusalAggregator;
  }
  interface FastifyRequest {
    failureStatus?: StatusBody;
  }
}

const EMPTY: AskedFor = { verb: '', apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };

function askedFor(request: FastifyRequest): AskedFor {
  const a: RequestAttributes | undefined = request.attributes;
  const path = request.url.split('?')[0].slice(0, 512);
  if (!a) return { ...EMPTY, verb: request.method.toLowerCase(), path };
  if (!isResourceRequest(a)) return { ...EMPTY, verb: a.verb, path: a.path || path };
  return { verb: a.verb, apiGroup: a.apiGroup, resource: a.resource, subresource: a.subresource, namespace: a.namespace, name: a.name, path: '' };
}

/**
 * Why, in words that carry no value from the request: for Secrets and commands only the fields that were wrong,
 * and for a body that is not JSON not the parser's message (it quotes the body).
 */
export function auditMessage(status: StatusBody | undefined, asked: AskedFor): string {
  if (!status?.message) return '';
  if (status.message.startsWith('the request body is not valid JSON')) return 'the request body is not valid JSON';
  if (status.code !== 401 && status.code !== 403 && CARRIES_SECRETS.has(asked.resource)) {
    const fields = (status.details?.causes ?? []).map((c) => c.field).filter(Boolean);
    return `${status.reason ?? 'Invalid'}${fields.length ? `: ${fields.join(', ')}` : ''} (message withheld: it may quote the request)`;
  }
  return status.message.length > MAX_AUDIT_MESSAGE ? `${status.message.slice(0, MAX_AUDIT_MESSAGE - 1)}…` : status.message;
}

function refusalOf(request: FastifyRequest, reply: FastifyReply): Refusal {
  const asked = askedFor(request);
  const status = request.failureStatus;
  return {
    actor: request.identity?.actor ?? ANONYMOUS.actor,
    source: request.ip,
    asked,
    code: reply.statusCode,
    reason: status?.reason ?? String(reply.statusCode),
    message: auditMessage(status, asked),
  };
}

/**
 * Every refused request, on every route (those added later too), goes to the audit log: the hook sees the
 * answer's status code and the attributes the router parsed, whichever part of the server refused it.
 * The Status a failure answers is noted as it is serialized; the body of the request is never looked at.
 */
export function auditRefusals(app: FastifyInstance, refusals: RefusalAggregator): void {
  app.decorate('refusals', refusals);
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (isStatus(payload) && payload.status === 'Failure') request.failureStatus = payload;
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (isRefusal(reply.statusCode)) refusals.refused(refusalOf(request, reply));
  });
  app.addHook('onClose', async () => refusals.flush());
}
