import type { Command } from 'commander';
import { printHistory, type EventHistory } from '../printers/history-printer.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { resourceArgs } from './resources.js';

export function addHistoryCommand(program: Command, io: KesctlIo): void {
  program
    .command('history')
    .description('Show who changed an object, when, and why: its events from the log')
    .argument('<resource...>', 'TYPE/NAME (or: TYPE NAME), e.g. node/worker-1, deployment/web')
    .option('-o, --output <format>', 'json prints the history entries as JSON')
    .action(action(io, history));
}

async function history(context: KesctlContext, args: string[], options: { output?: string }): Promise<number> {
  const { resource, names } = resourceArgs(args);
  if (names.length !== 1) throw new CliError('say which one object: kesctl history TYPE/NAME, e.g. node/worker-1');
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for history: use json, or leave -o out for a table`);
  const name = names[0]!;
  const object = `${encodeURIComponent(resource.resource)}/${encodeURIComponent(name)}`;
  const path = resource.namespaced ? `/kes/v1/history/namespaces/${encodeURIComponent(context.namespace())}/${object}` : `/kes/v1/history/${object}`;
  const answer = await context.client().get<EventHistory>(path);
  const items = answer.items ?? [];
  if (options.output === 'json') context.out(`${JSON.stringify(items, null, 4)}\n`);
  else if (items.length === 0) context.err(`No history found for ${resource.singular}/${name}\n`);
  else context.out(printHistory(items));
  return 0;
}
