import type { Command } from 'commander';
import type { K8sNode, K8sNodeList, Table } from '../../http/k8s/k8s-types.js';
import { nodeTable } from '../../http/k8s/node-table.js';
import { parseSelector } from '../../../domain/shared/selectors.js';
import { asList, printObject } from '../printers/object-printer.js';
import { printTable } from '../printers/table-printer.js';
import { ApiError, CliError, TABLE_ACCEPT, type ApiClient } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodePath, resourceArgs } from './resources.js';

const FORMATS = ['wide', 'yaml', 'json', 'name'] as const;
type GetOptions = { output?: string; selector?: string; showLabels?: boolean };

export function addGetCommand(program: Command, io: KesctlIo): void {
  program
    .command('get')
    .description('Display one or many nodes')
    .argument('<resource...>', 'nodes [NAME…], or node/NAME…')
    .option('-o, --output <format>', `output format: ${FORMATS.join('|')}`)
    .option('-l, --selector <selector>', 'label selector, e.g. kubernetes.io/os=linux,!node-role.kubernetes.io/control-plane')
    .option('--show-labels', 'show all labels as the last column')
    .action(action(io, get));
}

async function get(context: KesctlContext, args: string[], options: GetOptions): Promise<number> {
  const { names } = resourceArgs(args);
  const format = options.output;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new CliError(`unknown output format "${format}": use one of ${FORMATS.join(', ')}`);
  if (options.selector !== undefined) {
    if (names.length > 0) throw new CliError('name cannot be provided when a selector is specified');
    const parsed = parseSelector(options.selector);
    if (!parsed.ok) throw new CliError(`invalid label selector "${options.selector}": ${parsed.problem}`);
  }
  const client = context.client();
  if (format === 'yaml' || format === 'json' || format === 'name') return getObjects(context, client, names, options.selector, format);
  return getTable(context, client, names, options);
}

async function getObjects(
  context: KesctlContext,
  client: ApiClient,
  names: string[],
  selector: string | undefined,
  format: 'yaml' | 'json' | 'name',
): Promise<number> {
  const { items, failures } = await fetchNodes(client, names, selector);
  failures.forEach((f) => context.report(f));
  if (format === 'name') context.out(items.map((n) => `node/${n.metadata.name}\n`).join(''));
  else if (names.length === 1 && items.length === 1) context.out(printObject(items[0], format));
  else if (names.length === 0 || items.length > 0) context.out(printObject(asList(items), format));
  return failures.length > 0 ? 1 : 0;
}

async function getTable(context: KesctlContext, client: ApiClient, names: string[], options: GetOptions): Promise<number> {
  const failures: unknown[] = [];
  let table: Table;
  if (names.length === 0) {
    table = asTable(await client.get<Table | K8sNodeList>(listPath(options.selector), TABLE_ACCEPT), context.now());
  } else {
    const tables: Table[] = [];
    for (const name of names) {
      try {
        tables.push(asTable(await client.get<Table | K8sNode>(nodePath(name), TABLE_ACCEPT), context.now()));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        failures.push(err);
      }
    }
    table = tables.length > 0 ? { ...tables[0], rows: tables.flatMap((t) => t.rows) } : nodeTable([], context.now(), '');
  }
  if (table.rows.length > 0) context.out(printTable(table, { wide: options.output === 'wide', showLabels: options.showLabels }));
  else if (names.length === 0) context.err('No resources found\n');
  failures.forEach((f) => context.report(f));
  return failures.length > 0 ? 1 : 0;
}

/** The server answers the Table header with a Table; should it send the object instead, build the Table here. */
function asTable(answer: Table | K8sNodeList | K8sNode, now: Date): Table {
  if ('kind' in answer && answer.kind === 'Table') return answer;
  if ('items' in answer) return nodeTable(answer.items, now, answer.metadata?.resourceVersion ?? '');
  return nodeTable([answer as K8sNode], now, (answer as K8sNode).metadata.resourceVersion ?? '');
}

export async function fetchNodes(
  client: ApiClient,
  names: string[],
  selector?: string,
): Promise<{ items: K8sNode[]; failures: ApiError[] }> {
  if (names.length === 0) {
    const list = await client.get<K8sNodeList>(listPath(selector));
    return { items: list.items.map(withKind), failures: [] };
  }
  const items: K8sNode[] = [];
  const failures: ApiError[] = [];
  for (const name of names) {
    try {
      items.push(withKind(await client.get<K8sNode>(nodePath(name))));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failures.push(err);
    }
  }
  return { items, failures };
}

function listPath(selector: string | undefined): string {
  return selector === undefined ? nodePath() : `${nodePath()}?labelSelector=${encodeURIComponent(selector)}`;
}

function withKind(node: K8sNode): K8sNode {
  return { apiVersion: 'v1', kind: 'Node', ...node };
}
