import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from 'nats';
import { authenticate } from '../../application/auth/authenticate.js';
import { authorizeRequest } from '../../application/auth/authorize-request.js';
import { KES_GROUP } from '../../application/auth/paths.js';
import type { RequestAttributes } from '../../application/auth/request-attributes.js';
import type { Handled } from '../../application/ports/command-sender.js';
import type { ApiDeps } from '../http/api-deps.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/k8s/json-depth.js';
import { failure, statusOf, type StatusBody } from '../http/status.js';
import { ANONYMOUS } from '../../application/auth/authenticate.js';
import type { RefusalAggregator } from '../../application/audit/refusal-aggregator.js';
import { auditMessage, isRefusal } from '../http/audit-refusals.js';
import { chainOfHeaders, COMMAND_HEADERS, COMMAND_QUEUE, COMMAND_SUBJECT_PREFIX } from '../../application/ports/command-subjects.js';

export type CommandServerDeps = Pick<ApiDeps, 'models' | 'credentials' | 'clock' | 'ids' | 'handle' | 'serviceAccountTokens'> & Readonly<{
  /** Where refused commands are audited, as refused HTTP requests are (the API server's own aggregator). */
  refusals?: RefusalAggregator;
}>;

/** What a command over NATS means to the authorizer: the same as `POST /kes/v1/commands`. */
const SEND_COMMAND: RequestAttributes = { verb: 'create', apiGroup: KES_GROUP, resource: 'commands', subresource: '', namespace: '', name: '' };
const UUID = /^[0-9a-f-]{36}$/i;

type Body = { type?: unknown; data?: unknown };

function parseBody(raw: Uint8Array, type: string): Body | StatusBody {
  const text = new TextDecoder().decode(raw);
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return failure('BadRequest', `the command nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return failure('BadRequest', `the command is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return failure('BadRequest', 'a command is {"type": "<CommandType>", "data": {…}}');
  const given = (body as Body).type;
  if (given !== undefined && given !== type) return failure('BadRequest', `the command's type "${String(given)}" is not the subject's "${type}"`);
  return body as Body;
}

/** One request: authenticated and authorized exactly as over HTTP, then handled; the answer is what HTTP would send. */
async function answer(deps: CommandServerDeps, msg: Msg, caller: { actor: string }): Promise<Handled | StatusBody> {
  const type = msg.subject.slice(COMMAND_SUBJECT_PREFIX.length + 1);
  const header = msg.headers?.get(COMMAND_HEADERS.authorization) ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!token) return failure('Unauthorized', 'Unauthorized: send an Authorization: Bearer <token> header with the command');
  const identity = authenticate(token, deps.models, deps.credentials, deps.clock.now(), deps.serviceAccountTokens);
  if (!identity) return failure('Unauthorized', 'Unauthorized: the bearer token is not valid (unknown, expired or revoked)');
  caller.actor = identity.actor;
  const decision = authorizeRequest(identity, SEND_COMMAND, deps.models);
  if (!decision.allowed) return failure('Forbidden', decision.message);
  const body = parseBody(msg.data, type);
  if ('kind' in body) return body;
  if (typeof body.data !== 'object' || body.data === null) return failure('BadRequest', 'a command is {"type": "<CommandType>", "data": {…}}');
  const given = msg.headers?.get(COMMAND_HEADERS.commandId) ?? '';
  const commandId = UUID.test(given) ? given : deps.ids.newId();
  try {
    const chain = chainOfHeaders((name) => msg.headers?.get(name) || undefined);
    return await deps.handle({ type, data: body.data, metadata: { commandId, actor: identity.actor, at: deps.clock.now(), ...chain } });
  } catch (error) {
    return statusOf(error);
  }
}

/** A refused command, audited as `POST /kes/v1/commands` would be: the subject says which command, `nats` where from. */
function audit(deps: CommandServerDeps, subject: string, actor: string, status: StatusBody): void {
  const asked = { verb: 'create', apiGroup: KES_GROUP, resource: 'commands', subresource: '', namespace: '', name: '', path: subject };
  deps.refusals?.refused({ actor, source: 'nats', asked, code: status.code, reason: status.reason ?? String(status.code), message: auditMessage(status, asked) });
}

/**
 * Serves commands sent over NATS (`kes.commands.<Type>`, request/reply) in the API servers' queue group, so one
 * API server handles each. The answer is the Handled result, or the Status HTTP would send, with its code in a
 * `Kes-Status` header.
 */
export function serveCommands(nc: NatsConnection, deps: CommandServerDeps): Subscription {
  return nc.subscribe(`${COMMAND_SUBJECT_PREFIX}.*`, {
    queue: COMMAND_QUEUE,
    callback: (error, msg) => {
      if (error) return;
      const caller = { actor: ANONYMOUS.actor };
      void answer(deps, msg, caller).then((reply) => {
        if ('code' in reply && isRefusal(reply.code)) audit(deps, msg.subject, caller.actor, reply);
        const h = natsHeaders();
        h.set('Kes-Status', String('code' in reply ? reply.code : 200));
        msg.respond(new TextEncoder().encode(JSON.stringify(reply)), { headers: h });
      });
    },
  });
}
