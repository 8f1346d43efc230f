import type { Command } from 'commander';
import type { K8sObjectMeta } from '../../http/k8s/objects/workload-types.js';
import { labelValueProblem } from '../../../domain/shared/labels.js';
import { ApiError, CliError, MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { collectionPath, objectPath, qualifiedName, resourceArgs, withQuery, type ResourceInfo } from './resources.js';

type MapChanges = { set: Record<string, string>; remove: string[] };

/** `kesctl label` and `kesctl annotate` differ only in the map they change and the words they print. */
type MetadataMap = Readonly<{
  command: 'label' | 'annotate';
  field: 'labels' | 'annotations';
  noun: 'label' | 'annotation';
  done: 'labeled' | 'annotated';
  valueProblem: (value: string) => string | undefined;
}>;

const LABELS: MetadataMap = { command: 'label', field: 'labels', noun: 'label', done: 'labeled', valueProblem: labelValueProblem };
const ANNOTATIONS: MetadataMap = { command: 'annotate', field: 'annotations', noun: 'annotation', done: 'annotated', valueProblem: () => undefined };

export function addLabelCommands(program: Command, io: KesctlIo): void {
  for (const map of [LABELS, ANNOTATIONS]) {
    program
      .command(map.command)
      .description(`Update the ${map.field} of objects: KEY=VALUE sets, KEY- removes`)
      .argument('<args...>', `TYPE NAME… (or TYPE/NAME…) KEY=VALUE… KEY-…`)
      .option('--overwrite', `allow changing the value of ${map.noun === 'label' ? 'a label' : 'an annotation'} that is already set`)
      .option('--all', `${map.command} every object of the type in the namespace`)
      .option('-l, --selector <selector>', `${map.command} the objects of the type that match this label selector, e.g. app=web`)
      .action(action(io, (context: KesctlContext, args: string[], options: Options) => change(map, context, args, options)));
  }
}

type Options = { overwrite?: boolean; all?: boolean; selector?: string };

async function change(map: MetadataMap, context: KesctlContext, args: string[], options: Options): Promise<number> {
  const specStart = args.findIndex(isMapSpec);
  if (specStart < 0) throw new CliError(`at least one ${map.noun} update is required: KEY=VALUE or KEY-`);
  const { resource, names: given } = resourceArgs(args.slice(0, specStart));
  const changes = parseMapSpecs(map, args.slice(specStart));
  const client = context.client();
  const names = await chosenNames(map, context, resource, given, options);
  let failed = false;
  for (const name of names) {
    const path = objectPath(resource, context.namespace(), name);
    const shown = `${qualifiedName(resource)}/${name}`;
    try {
      const { metadata } = await client.get<{ metadata: K8sObjectMeta }>(path);
      const patch = mapPatch(map, context, metadata[map.field] ?? {}, changes, options.overwrite === true);
      if (Object.keys(patch).length === 0) {
        context.out(`${shown} not ${map.done}\n`);
        continue;
      }
      await client.patch(path, { metadata: { [map.field]: patch } }, MERGE_PATCH);
      context.out(`${shown} ${map.done}\n`);
    } catch (err) {
      if (!(err instanceof ApiError || err instanceof CliError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** The names given, or with --all or --selector those of the type's objects in the namespace (not both). */
async function chosenNames(map: MetadataMap, context: KesctlContext, resource: ResourceInfo, given: string[], options: Options): Promise<string[]> {
  const listed = options.all === true || options.selector !== undefined;
  if (listed && given.length > 0) throw new CliError('give names, or --all, or --selector: not names with them');
  if (!listed) {
    if (given.length === 0) throw new CliError(`say which objects to ${map.command}: kesctl ${map.command} TYPE NAME… KEY=VALUE, or --all, or -l SELECTOR`);
    return given;
  }
  const path = withQuery(collectionPath(resource, context.namespace()), { labelSelector: options.selector });
  const { items = [] } = await context.client().get<{ items?: { metadata: { name: string } }[] }>(path);
  return items.map((item) => item.metadata.name);
}

function isMapSpec(arg: string): boolean {
  return arg.includes('=') || arg.endsWith('-');
}

/** kubectl's arguments: `k=v` sets (the value is what follows the first `=`), `k-` removes; keys are checked by the server. */
function parseMapSpecs(map: MetadataMap, specs: readonly string[]): MapChanges {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    if (equals > 0) {
      const value = spec.slice(equals + 1);
      const problem = map.valueProblem(value);
      if (problem) throw new CliError(`invalid ${map.noun} value: "${spec}": ${problem}`);
      set[spec.slice(0, equals)] = value;
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new CliError(`all resources must be given before ${map.noun} changes; "${spec}" is neither KEY=VALUE nor KEY-`);
  }
  const both = remove.find((k) => k in set);
  if (both !== undefined) throw new CliError(`can not both modify and remove ${map.noun} "${both}" in the same command`);
  return { set, remove };
}

/** The merge patch for one object: only what changes, `null` for a removal. */
function mapPatch(map: MetadataMap, context: KesctlContext, current: Record<string, string>, changes: MapChanges, overwrite: boolean) {
  if (!overwrite) {
    const clashes = Object.entries(changes.set).filter(([k, v]) => k in current && current[k] !== v);
    if (clashes.length > 0)
      throw new CliError(clashes.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`).join(', '));
  }
  const patch: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(changes.set)) if (current[k] !== v) patch[k] = v;
  for (const k of changes.remove) {
    if (k in current) patch[k] = null;
    else context.out(`${map.noun} "${k}" not found.\n`);
  }
  return patch;
}
