import { headers as natsHeaders, type NatsConnection } from 'nats';
import type { CommandSender, Handled } from '../../application/ports/command-sender.js';
import { chainHeaders, COMMAND_HEADERS, commandSubject } from '../../application/ports/command-subjects.js';
import { CommandRefused, isRefusalReason } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';

const TIMEOUT_MS = 10_000;

type StatusAnswer = Readonly<{ kind: 'Status'; reason?: string; message?: string; code: number }>;

/** A Status the API server sent back that is not one of the domain's refusals (401, 500, …), with its code. */
export class CommandStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandStatusError';
  }
}

/**
 * Commands as NATS requests on `kes.commands.<Type>`, answered by one API server of the queue group, carrying the
 * sender's bearer token so that it is authenticated and authorized as over HTTP. A refusal comes back as the
 * domain's CommandRefused when it is one, else as a CommandStatusError with its code.
 */
export class NatsCommandSender implements CommandSender {
  constructor(
    private readonly nc: NatsConnection,
    private readonly token: string,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  async send(command: Command): Promise<Handled> {
    const h = natsHeaders();
    h.set(COMMAND_HEADERS.authorization, `Bearer ${this.token}`);
    h.set(COMMAND_HEADERS.commandId, command.metadata.commandId);
    for (const [name, value] of Object.entries(chainHeaders(command.metadata))) h.set(name, value);
    const body = new TextEncoder().encode(JSON.stringify({ type: command.type, data: command.data }));
    const reply = await this.nc.request(commandSubject(command.type), body, { headers: h, timeout: this.timeoutMs });
    const answer = reply.json<Handled | StatusAnswer>();
    if (!('kind' in answer) || answer.kind !== 'Status') return answer as Handled;
    const message = answer.message ?? `${command.type} refused (${answer.code})`;
    if (isRefusalReason(answer.reason)) throw new CommandRefused(answer.reason, message);
    throw new CommandStatusError(answer.code, answer.reason ?? 'Failure', message);
  }
}
