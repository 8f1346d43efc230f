import type { Command } from 'commander';
import { ApiError, CliError, during } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { fetchObjects } from './fetch.js';
import { addFileOptions, manifestsOf, type FileOptions } from './manifests.js';
import { objectPath, parseResourceArgs, qualifiedName, type ResourceInfo } from './resources.js';

type DeleteOptions = FileOptions & { selector?: string; all?: boolean; ignoreNotFound?: boolean; gracePeriod?: string; now?: boolean; cascade: string };

/** kubectl's --cascade values and the propagationPolicy each sends. */
const CASCADE: Record<string, string> = { background: 'Background', orphan: 'Orphan', foreground: 'Foreground', true: 'Background', false: 'Orphan' };
type Target = { resource: ResourceInfo; namespace: string; name: string; source?: string };

export function addDeleteCommand(program: Command, io: KesctlIo): void {
  const command = program
    .command('delete')
    .description('Delete objects by type and name, by label selector, or as listed in manifests (-f)')
    .argument('[resource...]', 'TYPE NAME…, TYPE/NAME…, or TYPE with -l SELECTOR or --all')
    .option('-l, --selector <selector>', 'delete the objects of the type that match this label selector')
    .option('--all', 'delete every object of the type in the namespace')
    .option('--ignore-not-found', 'treat an object that is already gone as deleted')
    .option('--grace-period <seconds>', 'seconds the pods get to stop (default: their own terminationGracePeriodSeconds)')
    .option('--now', 'stop pods at once (--grace-period=1)')
    .option('--cascade <policy>', 'background: the garbage collector deletes the dependents; orphan: they stay, without their owner; foreground', 'background');
  addFileOptions(command, 'to delete').action(action(io, deleteObjects));
}

async function deleteObjects(context: KesctlContext, args: string[], options: DeleteOptions): Promise<number> {
  const gracePeriodSeconds = gracePeriod(options);
  const propagationPolicy = CASCADE[options.cascade];
  if (!propagationPolicy) throw new CliError(`invalid argument "${options.cascade}" for "--cascade" flag: must be one of background, orphan, foreground`);
  const targets = await targetsOf(context, args, options);
  if (targets.length === 0) {
    context.err('No resources found\n');
    return 0;
  }
  const client = context.client();
  let failed = false;
  for (const { resource, namespace, name, source } of targets) {
    try {
      const request = client.delete(objectPath(resource, namespace, name), { propagationPolicy, ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }) });
      await (source ? request.catch(during(`error when deleting "${source}"`)) : request);
      context.out(`${qualifiedName(resource)} "${name}" deleted\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.notFound && options.ignoreNotFound) continue;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

async function targetsOf(context: KesctlContext, args: string[], options: DeleteOptions): Promise<Target[]> {
  if ((options.filename ?? []).length > 0) {
    if (args.length > 0) throw new CliError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    return (await manifestsOf(context, options)).map(({ resource, namespace, name, source }) => ({ resource, namespace, name, source }));
  }
  if (args.length === 0) throw new CliError('you must provide one or more resources by argument or filename (-f)');
  const { requests } = parseResourceArgs(args);
  const namespace = context.namespace();
  const targets: Target[] = [];
  for (const { resource, names } of requests) {
    if (names.length > 0) {
      if (options.selector !== undefined || options.all) throw new CliError('name cannot be provided when a selector or --all is specified');
      targets.push(...names.map((name) => ({ resource, namespace, name })));
      continue;
    }
    if (options.selector === undefined && !options.all) throw new CliError('resource(s) were provided, but no name was specified');
    const { items } = await fetchObjects(context.client(), resource, [], { namespace }, { labelSelector: options.selector });
    targets.push(...items.map((o) => ({ resource, namespace: o.metadata.namespace ?? namespace, name: o.metadata.name })));
  }
  return targets;
}

function gracePeriod(options: DeleteOptions): number | undefined {
  if (options.now) return 1;
  if (options.gracePeriod === undefined) return undefined;
  const seconds = Number(options.gracePeriod);
  if (!Number.isInteger(seconds)) throw new CliError(`invalid argument "${options.gracePeriod}" for "--grace-period" flag: not a whole number of seconds`);
  return seconds < 0 ? undefined : seconds;
}
