import type { FastifyRequest } from 'fastify';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { Handled } from '../../application/ports/command-sender.js';
import type { ApiDeps } from './api-deps.js';

/** Sends one command as the request's caller and waits until the read models show its effect. */
export async function execute(deps: ApiDeps, request: FastifyRequest, type: string, data: object): Promise<Handled> {
  const actor = request.identity?.actor ?? 'system:anonymous';
  const commandId = headerId(request) ?? deps.ids.newId();
  const handled = await deps.handle({ type, data, metadata: { commandId, actor, at: deps.clock.now() } });
  await caughtUp(deps.models, handled.position);
  return handled;
}

/** A client may name its command id (idempotent retries), as a UUID in `Kes-Command-Id`. */
function headerId(request: FastifyRequest): string | undefined {
  const value = request.headers['kes-command-id'];
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
}
