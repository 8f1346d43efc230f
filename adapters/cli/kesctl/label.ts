import type { Command } from 'commander';
import type { K8sNode } from '../../http/k8s/k8s-types.js';
import { labelValueProblem } from '../../../domain/shared/labels.js';
import { ApiError, CliError, MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodeArgs, nodePath } from './resources.js';

type LabelChanges = { set: Record<string, string>; remove: string[] };

export function addLabelCommand(program: Command, io: KesctlIo): void {
  program
    .command('label')
    .description('Update the labels of nodes: KEY=VALUE sets, KEY- removes')
    .argument('<args...>', 'nodes NAME… KEY=VALUE… KEY-…')
    .option('--overwrite', 'allow changing the value of a label that is already set')
    .action(action(io, label));
}

async function label(context: KesctlContext, args: string[], options: { overwrite?: boolean }): Promise<number> {
  const specStart = args.findIndex(isLabelSpec);
  if (specStart < 0) throw new CliError('at least one label update is required: KEY=VALUE or KEY-');
  const names = nodeArgs(args.slice(0, specStart), 'label');
  if (names.length === 0) throw new CliError('say which nodes to label: kesctl label nodes NAME… KEY=VALUE');
  const changes = parseLabelSpecs(args.slice(specStart));
  const client = context.client();
  let failed = false;
  for (const name of names) {
    try {
      const node = await client.get<K8sNode>(nodePath(name));
      const patch = labelPatch(context, node, changes, options.overwrite === true);
      if (Object.keys(patch).length === 0) {
        context.out(`node/${name} not labeled\n`);
        continue;
      }
      await client.patch(nodePath(name), { metadata: { labels: patch } }, MERGE_PATCH);
      context.out(`node/${name} labeled\n`);
    } catch (err) {
      if (!(err instanceof ApiError || err instanceof CliError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

function isLabelSpec(arg: string): boolean {
  return arg.includes('=') || arg.endsWith('-');
}

/** kubectl's label arguments: `k=v` sets, `k-` removes; the value is checked here, the key by the server. */
export function parseLabelSpecs(specs: readonly string[]): LabelChanges {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) throw new CliError(`invalid label spec: ${spec}`);
      const problem = labelValueProblem(parts[1]);
      if (problem) throw new CliError(`invalid label value: "${spec}": ${problem}`);
      set[parts[0]] = parts[1];
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new CliError(`all resources must be given before label changes; "${spec}" is neither KEY=VALUE nor KEY-`);
  }
  const both = remove.find((k) => k in set);
  if (both !== undefined) throw new CliError(`can not both modify and remove label "${both}" in the same command`);
  return { set, remove };
}

/** The merge patch for one node: only what changes, `null` for a removal. */
function labelPatch(context: KesctlContext, node: K8sNode, changes: LabelChanges, overwrite: boolean): Record<string, string | null> {
  const current = node.metadata.labels ?? {};
  if (!overwrite) {
    const clashes = Object.entries(changes.set).filter(([k, v]) => k in current && current[k] !== v);
    if (clashes.length > 0)
      throw new CliError(clashes.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`).join(', '));
  }
  const patch: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(changes.set)) if (current[k] !== v) patch[k] = v;
  for (const k of changes.remove) {
    if (k in current) patch[k] = null;
    else context.out(`label "${k}" not found.\n`);
  }
  return patch;
}
