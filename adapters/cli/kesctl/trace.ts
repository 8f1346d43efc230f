import type { Command } from 'commander';
import { printTrace, type TraceAnswer } from '../printers/trace-printer.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { resourceArgs } from './resources.js';

type TraceOptions = { command?: string; correlation?: string; output?: string };

export function addTraceCommand(program: Command, io: KesctlIo): void {
  program
    .command('trace')
    .description('Show what a change led to: the tree from a command to every event it set off across the controllers, scheduler and kubelets, with who did each step and how long after its cause')
    .argument('[resource...]', 'TYPE/NAME (or: TYPE NAME): every change of the object and what each led to, e.g. deployment/web')
    .option('--command <id>', 'the events of one command (its id, as kesctl history -o json shows) and all they led to')
    .option('--correlation <id>', 'every event of one chain (its correlation id, as kesctl history -o json or a trace shows)')
    .option('-o, --output <format>', 'json prints the trace as JSON')
    .action(action(io, trace));
}

function pathOf(context: KesctlContext, args: string[], options: TraceOptions): string {
  const given = [args.length > 0, options.command !== undefined, options.correlation !== undefined].filter(Boolean).length;
  if (given !== 1) throw new CliError('say what to trace, one of: kesctl trace TYPE/NAME, kesctl trace --command ID, kesctl trace --correlation ID');
  if (options.command !== undefined) return `/kes/v1/trace?command=${encodeURIComponent(options.command)}`;
  if (options.correlation !== undefined) return `/kes/v1/trace?correlation=${encodeURIComponent(options.correlation)}`;
  const { resource, names } = resourceArgs(args);
  if (names.length !== 1) throw new CliError('say which one object: kesctl trace TYPE/NAME, e.g. deployment/web');
  const object = `${encodeURIComponent(resource.resource)}/${encodeURIComponent(names[0]!)}`;
  return resource.namespaced ? `/kes/v1/trace/namespaces/${encodeURIComponent(context.namespace())}/${object}` : `/kes/v1/trace/${object}`;
}

async function trace(context: KesctlContext, args: string[], options: TraceOptions): Promise<number> {
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for trace: use json, or leave -o out for a tree`);
  const answer = await context.client().get<TraceAnswer>(pathOf(context, args, options));
  if (options.output === 'json') context.out(`${JSON.stringify(answer, null, 4)}\n`);
  else context.out(printTrace(answer));
  return 0;
}
