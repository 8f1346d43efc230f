import type { Command } from 'commander';
import type { K8sNode, K8sTaint } from '../../http/k8s/k8s-types.js';
import { ApiError, CliError, STRATEGIC_MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodeArgs, nodePath } from './resources.js';
import { isTaintSpec, parseTaintSpecs, type TaintChanges } from './taint-spec.js';

export function addTaintCommand(program: Command, io: KesctlIo): void {
  program
    .command('taint')
    .description('Update the taints of nodes: KEY[=VALUE]:EFFECT adds, KEY[:EFFECT]- removes')
    .argument('<args...>', 'nodes NAME… KEY=VALUE:EFFECT… KEY:EFFECT-… KEY-…')
    .option('--overwrite', 'replace a taint that has the same key and effect')
    .action(action(io, taint));
}

async function taint(context: KesctlContext, args: string[], options: { overwrite?: boolean }): Promise<number> {
  const specStart = args.findIndex(isTaintSpec);
  if (specStart < 0) throw new CliError('at least one taint update is required: KEY[=VALUE]:EFFECT or KEY[:EFFECT]-');
  const misplaced = args.slice(specStart).find((a) => !isTaintSpec(a));
  if (misplaced !== undefined) throw new CliError(`all resources must be specified before taint changes: ${misplaced}`);
  const changes = parseTaintSpecs(args.slice(specStart));
  const names = nodeArgs(args.slice(0, specStart), 'taint');
  if (names.length === 0) throw new CliError('say which nodes to taint: kesctl taint nodes NAME… KEY=VALUE:EFFECT');
  const client = context.client();
  let failed = false;
  for (const name of names) {
    try {
      const node = await client.get<K8sNode>(nodePath(name));
      const { taints, outcome } = retaint(node, changes, options.overwrite === true);
      await client.patch(nodePath(name), { spec: { taints } }, STRATEGIC_MERGE_PATCH);
      context.out(`node/${name} ${outcome}\n`);
    } catch (err) {
      if (!(err instanceof ApiError || err instanceof CliError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** kubectl's reorganizeTaints: the new taints first, then the old ones they do not replace, minus removals. */
export function retaint(node: K8sNode, changes: TaintChanges, overwrite: boolean): { taints: K8sTaint[]; outcome: string } {
  const old = node.spec?.taints ?? [];
  if (!overwrite) {
    const clashing = changes.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
    if (clashing.length > 0)
      throw new CliError(`node ${node.metadata.name} already has ${clashing.join(',')} taint(s) with same effect(s) and --overwrite is false`);
  }
  let taints = [...changes.add, ...old.filter((o) => !changes.add.some((t) => t.key === o.key && t.effect === o.effect))];
  const added = taints.length !== old.length;
  let removed = false;
  for (const removal of changes.remove) {
    const kept = taints.filter((t) => t.key !== removal.key || (removal.effect !== undefined && t.effect !== removal.effect));
    removed = kept.length !== taints.length;
    if (!removed) throw new CliError(`taint "${removal.key}${removal.effect ? `:${removal.effect}` : ''}" not found`);
    taints = kept;
  }
  const outcome = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints, outcome };
}
