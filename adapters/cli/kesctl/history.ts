import type { Command } from 'commander';
import { printHistory, type EventHistory } from '../printers/history-printer.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodeArgs } from './resources.js';

export function addHistoryCommand(program: Command, io: KesctlIo): void {
  program
    .command('history')
    .description('Show who changed an object, when, and why: its events from the log')
    .argument('<resource...>', 'node/NAME (or: node NAME)')
    .option('-o, --output <format>', 'json prints the history entries as JSON')
    .action(action(io, history));
}

async function history(context: KesctlContext, args: string[], options: { output?: string }): Promise<number> {
  const names = nodeArgs(args, 'history');
  if (names.length !== 1) throw new CliError('say which one object: kesctl history node/NAME');
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for history: use json, or leave -o out for a table`);
  const [name] = names;
  const answer = await context.client().get<EventHistory>(`/kes/v1/history/nodes/${encodeURIComponent(name)}`);
  const items = answer.items ?? [];
  if (options.output === 'json') context.out(`${JSON.stringify(items, null, 4)}\n`);
  else if (items.length === 0) context.err(`No history found for node/${name}\n`);
  else context.out(printHistory(items));
  return 0;
}
