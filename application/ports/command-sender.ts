import type { Command, RecordedEvent } from '../../domain/shared/event.js';

export type Handled = Readonly<{
  stream: string;
  revision: number;
  position: number;
  appended: number;
  /** For a dry run: the events that would have been appended, numbered as if they had been (nothing was). */
  wouldAppend?: readonly RecordedEvent[];
}>;

/** Sends a command to whoever handles it: the handler in the API server's process, or the API server over HTTP or NATS. */
export interface CommandSender {
  send(command: Command): Promise<Handled>;
}
export const CommandSender = Symbol.for('kes.CommandSender');
