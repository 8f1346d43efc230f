import type { FastifyRequest } from 'fastify';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { PlannedCommand } from '../../application/commands/prepared-command.js';
import type { Handled } from '../../application/ports/command-sender.js';
import { chainOfHeaders } from '../../application/ports/command-subjects.js';
import type { Command } from '../../domain/shared/event.js';
import type { ApiDeps } from './api-deps.js';
import { isDryRun } from './routes/object-requests.js';

/** Sends one command as the request's caller and waits until the read models show its effect. */
export async function execute(deps: ApiDeps, request: FastifyRequest, type: string, data: object): Promise<Handled> {
  return executeAll(deps, request, [{ type, data }]);
}

/**
 * Sends commands about one object as the request's caller, carried out together (one append), and waits until
 * the read models show their effect. With `expectedPosition` (the resourceVersion the decision was made on),
 * they are carried out only if the object has not changed since: otherwise a StaleWrite, and nothing appended.
 * Under `?dryRun=All` they are decided and nothing is appended: the answer carries the events they would append.
 */
export async function executeAll(deps: ApiDeps, request: FastifyRequest, planned: readonly PlannedCommand[], expectedPosition?: number): Promise<Handled> {
  const actor = request.identity?.actor ?? 'system:anonymous';
  const commandId = headerId(request) ?? deps.ids.newId();
  const at = deps.clock.now();
  const dryRun = isDryRun(request);
  // The chain a sender names (a reconciler's cause) is kept; the actor is always the caller's.
  const chain = chainOfHeaders((name) => headerValue(request, name));
  const metadata = { commandId, actor, at, ...chain, ...(expectedPosition === undefined ? {} : { expectedPosition }), ...(dryRun ? { dryRun } : {}) };
  const commands: Command[] = planned.map(({ type, data }) => ({ type, data, metadata }));
  const handled = await deps.handle(commands.length === 1 ? commands[0] : commands);
  if (!dryRun) await caughtUp(deps.models, handled.position);
  return handled;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** A client may name its command id (idempotent retries), as a UUID in `Kes-Command-Id`. */
function headerId(request: FastifyRequest): string | undefined {
  const value = request.headers['kes-command-id'];
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
}
