import type { Command } from 'commander';
import { ApiError, CliError, MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { objectPath, parseResourceArgs, qualifiedName } from './resources.js';

const SCALABLE = new Set(['deployments', 'replicasets']);

type ScaleOptions = { replicas?: string; currentReplicas?: string };

export function addScaleCommand(program: Command, io: KesctlIo): void {
  program
    .command('scale')
    .description('Set the number of replicas of deployments or replicasets')
    .argument('<resource...>', 'deployment/NAME…, or deployment NAME…')
    .option('--replicas <count>', 'the new number of replicas')
    .option('--current-replicas <count>', 'only scale when the object has this many replicas now')
    .action(action(io, scale));
}

/** As kubectl: GET each object (checking --current-replicas), then a merge patch of its `scale` subresource. */
async function scale(context: KesctlContext, args: string[], options: ScaleOptions): Promise<number> {
  if (options.replicas === undefined) throw new CliError('required flag(s) "replicas" not set');
  const replicas = count(options.replicas);
  if (replicas === undefined) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const expected = options.currentReplicas === undefined ? undefined : count(options.currentReplicas);
  if (options.currentReplicas !== undefined && expected === undefined)
    throw new CliError(`invalid argument "${options.currentReplicas}" for "--current-replicas" flag: not a whole number`);
  const { requests } = parseResourceArgs(args);
  const unscalable = requests.find((r) => !SCALABLE.has(r.resource.resource));
  if (unscalable) throw new CliError(`kesctl scales deployments and replicasets, not ${unscalable.resource.resource}`);
  if (requests.every((r) => r.names.length === 0)) throw new CliError('resource(s) were provided, but no name was specified');
  const client = context.client();
  const namespace = context.namespace();
  let failed = false;
  for (const { resource, names } of requests) {
    for (const name of names) {
      try {
        const current = await client.get<{ spec?: { replicas?: number } }>(objectPath(resource, namespace, name));
        const actual = current.spec?.replicas ?? 0;
        if (expected !== undefined && actual !== expected) throw new CliError(`Expected replicas to be ${expected}, was ${actual}`);
        await client.patch(objectPath(resource, namespace, name, 'scale'), { spec: { replicas } }, MERGE_PATCH);
        context.out(`${qualifiedName(resource)}/${name} scaled\n`);
      } catch (err) {
        if (!(err instanceof ApiError || err instanceof CliError)) throw err;
        context.report(err);
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

function count(text: string): number | undefined {
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && Number.isSafeInteger(n) ? n : undefined;
}
