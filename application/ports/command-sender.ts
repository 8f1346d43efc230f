import type { Command } from '../../domain/shared/event.js';

export type Handled = Readonly<{ stream: string; revision: number; position: number; appended: number }>;

/** Sends a command to whoever handles it: the handler in the API server's process, or the API server over HTTP or NATS. */
export interface CommandSender {
  send(command: Command): Promise<Handled>;
}
export const CommandSender = Symbol.for('kes.CommandSender');
