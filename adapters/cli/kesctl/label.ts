import type { Command } from 'commander';
import type { K8sObjectMeta } from '../../http/k8s/objects/workload-types.js';
import { labelValueProblem } from '../../../domain/shared/labels.js';
import { ApiError, CliError, MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { objectPath, qualifiedName, resourceArgs } from './resources.js';

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
      .action(action(io, (context: KesctlContext, args: string[], options: { overwrite?: boolean }) => change(map, context, args, options)));
  }
}

async function change(map: MetadataMap, context: KesctlContext, args: string[], options: { overwrite?: boolean }): Promise<number> {
  const specStart = args.findIndex(isMapSpec);
  if (specStart < 0) throw new CliError(`at least one ${map.noun} update is required: KEY=VALUE or KEY-`);
  const { resource, names } = resourceArgs(args.slice(0, specStart));
  if (names.length === 0) throw new CliError(`say which objects to ${map.command}: kesctl ${map.command} TYPE NAME… KEY=VALUE`);
  const changes = parseMapSpecs(map, args.slice(specStart));
  const client = context.client();
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
