import type { FastifyRequest } from 'fastify';
import type { PlannedCommand, PreparedCommand } from '../../application/commands/prepared-command.js';
import { StaleWrite } from '../../application/commands/stale-write.js';
import type { Handled } from '../../application/ports/command-sender.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { ApiDeps } from './api-deps.js';
import { execute, executeAll } from './execute.js';

/** Sends one command on its own, at once (an allocation on a range's stream), as the request's caller. */
export type Send = (type: string, data: object) => Promise<unknown>;


/**
 * How a kind readies a command before it is sent: as it is, or with work around it, as a Service's ClusterIP
 * and NodePorts are allocated before (and given back if it is refused), or a Secret's values sealed.
 */
export type Preparing = (command: PlannedCommand, send: Send) => Promise<PreparedCommand>;

export const asItIs: Preparing = async (command) => ({ command });

/** How often a change planned on a read model is planned again when someone else wrote the object first. */
/**
 * How long a write without a resourceVersion keeps planning again on newer objects. Every retry follows someone
 * else's successful write, so contention always progresses; the bound only keeps a pathological writer from
 * holding a request for ever (kube-apiserver's request timeout is 60 s).
 */
const RETRY_FOR_MS = 30_000;

/**
 * Kubernetes' GuaranteedUpdate: `attempt` plans on the object as the read models show it and writes
 * conditionally; when someone else wrote first and `mayRetry` says so (the client named no resourceVersion),
 * it runs again once the read models show that write.
 */
export async function retryingStaleWrites<R>(deps: ApiDeps, attempt: () => Promise<R>, mayRetry: () => boolean): Promise<R> {
  const until = deps.clock.nowMs() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StaleWrite) || !mayRetry() || deps.clock.nowMs() > until) throw error;
      await caughtUp(deps.models, error.actualPosition);
    }
  }
}

/** How an object is answered from its view as a dry run leaves it (undefined: the write would delete it). */
export type Answering = (preview: unknown) => unknown;

/** What was written; for a dry run, also what the object would be, as `answer` rendered it. */
export type Written = Handled & Readonly<{ dryRun?: { answer: unknown } }>;

/**
 * Writes commands about one object: each prepared as its kind says, then all carried out as one append —
 * conditional on `expectedPosition` when given — and followed by each one's `done`; when refused, what was
 * prepared is undone, newest first. Under `?dryRun=All` everything up to the append is done as for real and
 * nothing is appended: the object as it would be is answered, then what was prepared is undone.
 */
export async function writeObject(
  deps: ApiDeps,
  request: FastifyRequest,
  commands: readonly PlannedCommand[],
  options: Readonly<{ prepare?: Preparing; expectedPosition?: number; answer?: Answering }> = {},
): Promise<Written | undefined> {
  if (commands.length === 0) return undefined;
  const prepare = options.prepare ?? asItIs;
  const send: Send = (type, data) => execute(deps, request, type, data);
  const prepared: PreparedCommand[] = [];
  let handled: Handled;
  try {
    for (const command of commands) prepared.push(await prepare(command, send));
    handled = await executeAll(deps, request, prepared.map((p) => p.command), options.expectedPosition);
  } catch (error) {
    for (const p of prepared.reverse()) await p.undo?.();
    throw error;
  }
  if (handled.wouldAppend) {
    try {
      return { ...handled, dryRun: { answer: await options.answer?.(deps.models.preview(handled.wouldAppend)) } };
    } finally {
      for (const p of prepared.reverse()) await p.undo?.();
    }
  }
  for (const p of prepared) await p.done?.();
  return handled;
}
