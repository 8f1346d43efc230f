import type { Command } from 'commander';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { lookupResource, objectPath, withQuery } from './resources.js';

type LogsOptions = { container?: string; follow?: boolean; previous?: boolean; tail: string; timestamps?: boolean; since?: string; sinceTime?: string; limitBytes?: string };

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
    .option('--timestamps', 'begin each line with the time it was written (RFC3339 with nine fraction digits)', false)
    .option('--since <duration>', 'only what was written in this last while, e.g. 30s, 5m, 1h')
    .option('--since-time <time>', 'only what was written at or after this RFC3339 time')
    .option('--limit-bytes <bytes>', 'no more than this many bytes of the logs')
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

const UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds of a Go duration as kubectl's `--since` takes it (`1h`, `5m30s`), rounded up as kubectl does. */
function sinceSeconds(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new CliError(`invalid argument "${text}" for "--since" flag: a duration such as 30s, 5m or 1h is needed`);
  const seconds = Math.ceil(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0));
  if (seconds <= 0) throw new CliError('--since must be greater than 0');
  return String(seconds);
}

function sinceTime(text: string | undefined): string | undefined {
  if (text !== undefined && Number.isNaN(Date.parse(text))) throw new CliError(`invalid argument "${text}" for "--since-time" flag: an RFC3339 time such as 2024-05-01T12:00:00Z is needed`);
  return text;
}

function limitBytes(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) throw new CliError(`--limit-bytes must be a whole number greater than 0, not "${text}"`);
  return String(Number(text));
}

/** As kubectl: `GET …/pods/NAME/log`, its body written to stdout as it arrives. */
async function logs(context: KesctlContext, pod: string, options: LogsOptions): Promise<void> {
  if (options.since !== undefined && options.sinceTime !== undefined) throw new CliError('at most one of --since-time / --since may be used');
  const path = withQuery(objectPath(PODS, context.namespace(), podName(pod), 'log'), {
    container: options.container,
    follow: options.follow ? 'true' : undefined,
    previous: options.previous ? 'true' : undefined,
    tailLines: tailLines(options.tail),
    timestamps: options.timestamps ? 'true' : undefined,
    sinceSeconds: sinceSeconds(options.since),
    sinceTime: sinceTime(options.sinceTime),
    limitBytes: limitBytes(options.limitBytes),
  });
  const body = await context.client().stream(path);
  const decoder = new TextDecoder();
  for await (const chunk of body) context.out(decoder.decode(chunk, { stream: true }));
  context.out(decoder.decode());
}
