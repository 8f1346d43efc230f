import type { Command } from 'commander';
import { kindOfResource, STREAMED_KINDS, type StreamedKind } from '../../../application/queries/streamed-kinds.js';
import { printChanges, type ChangeItem, type ObjectChanges } from '../printers/changes-printer.js';
import { ApiError, CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { withQuery } from './resources.js';

type Options = { from?: string; to?: string; allNamespaces?: boolean; output?: string };

export function addChangesCommand(program: Command, io: KesctlIo): void {
  program
    .command('changes')
    .description('Show the objects added, removed and changed between two points of the cluster\'s history, the fields that changed and who changed them')
    .argument('[type]', 'the kind to compare (pods, deploy, …); without it, every kind kes keeps (cluster-scoped ones only with -A)')
    .requiredOption('--from <point>', 'where to compare from: a log position (resourceVersion) or an RFC3339 time')
    .option('--to <point>', 'where to compare to: a log position or an RFC3339 time (default: now)')
    .option('-A, --all-namespaces', 'compare objects in every namespace, and cluster-scoped ones')
    .option('-o, --output <format>', 'json prints the changes as JSON')
    .action(action(io, changes));
}

function kindsAsked(type: string | undefined, allNamespaces: boolean): StreamedKind[] {
  if (type === undefined) return STREAMED_KINDS.filter((k) => allNamespaces || !k.clusterScoped);
  const kind = kindOfResource(type.toLowerCase().split('.')[0]);
  if (!kind) throw new CliError(`the server doesn't have a resource type "${type}"`);
  return [kind];
}

async function changes(context: KesctlContext, type: string | undefined, options: Options): Promise<number> {
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for changes: use json, or leave -o out for a table`);
  const namespace = options.allNamespaces ? undefined : context.namespace();
  const client = context.client();
  let points = { from: options.from!, to: options.to };
  const items: ChangeItem[] = [];
  for (const kind of kindsAsked(type, options.allNamespaces === true)) {
    const scope = kind.clusterScoped || namespace === undefined ? '' : `namespaces/${encodeURIComponent(namespace)}/`;
    let answer: ObjectChanges;
    try {
      answer = await client.get<ObjectChanges>(withQuery(`/kes/v1/changes/${scope}${kind.resource}`, points));
    } catch (err) {
      // Asked for every kind: one this user may not list is left out, said on stderr, as kubectl get all does.
      if (type !== undefined || !(err instanceof ApiError) || err.status.code !== 403) throw err;
      context.err(`Warning: ${err.message}\n`);
      continue;
    }
    // Every kind is compared between the same two positions, whatever "now" has become meanwhile.
    points = { from: String(answer.from), to: String(answer.to) };
    items.push(...answer.items);
  }
  if (options.output === 'json') context.out(`${JSON.stringify({ kind: 'ObjectChanges', apiVersion: 'kes.io/v1', from: Number(points.from), to: Number(points.to), items }, null, 4)}\n`);
  else if (items.length === 0) context.err(`No changes found between positions ${points.from} and ${points.to ?? 'now'}${namespace !== undefined ? ` in ${namespace} namespace` : ''}.\n`);
  else context.out(printChanges(items));
  return 0;
}
