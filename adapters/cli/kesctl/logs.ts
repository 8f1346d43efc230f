import type { Command } from 'commander';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { lookupResource, objectPath, withQuery } from './resources.js';

type LogsOptions = { container?: string; follow?: boolean; previous?: boolean; tail: string };

const PODS = lookupResource('pods');

export function addLogsCommand(program: Command, io: KesctlIo): void {
  program
    .command('logs')
    .description("Print the logs of a container in a pod, read from its node's kubelet")
    .argument('<pod>', 'POD or pod/NAME')
    .option('-c, --container <name>', 'the container (needed when the pod has several)')
    .option('-f, --follow', 'keep printing what the container writes, until it stops', false)
    .option('-p, --previous', 'the logs of the run before the current one (after a restart)', false)
    .option('--tail <lines>', 'only the last lines; -1 for all', '-1')
    .action(action(io, logs));
}

/** The pod a `POD` or `pod/NAME` argument names; other kinds are refused (kesctl does not pick one of their pods). */
function podName(arg: string): string {
  const [type, name, ...rest] = arg.split('/');
  if (name === undefined) return type;
  if (rest.length > 0 || name === '' || lookupResource(type) !== PODS)
    throw new CliError(`kesctl logs reads the logs of a pod: give POD or pod/NAME, not "${arg}"`);
  return name;
}

function tailLines(text: string): string | undefined {
  if (!/^-?\d+$/.test(text.trim())) throw new CliError(`invalid argument "${text}" for "--tail" flag: not a whole number of lines`);
  return Number(text) < 0 ? undefined : String(Number(text));
}

/** As kubectl: `GET …/pods/NAME/log`, its body written to stdout as it arrives. */
async function logs(context: KesctlContext, pod: string, options: LogsOptions): Promise<void> {
  const path = withQuery(objectPath(PODS, context.namespace(), podName(pod), 'log'), {
    container: options.container,
    follow: options.follow ? 'true' : undefined,
    previous: options.previous ? 'true' : undefined,
    tailLines: tailLines(options.tail),
  });
  const body = await context.client().stream(path);
  const decoder = new TextDecoder();
  for await (const chunk of body) context.out(decoder.decode(chunk, { stream: true }));
  context.out(decoder.decode());
}
