import type { Command } from 'commander';
import { parseSelector } from '../../../domain/shared/selectors.js';
import type { Table } from '../../http/k8s/k8s-types.js';
import { sortByField } from '../printers/sort-by.js';
import { printTable } from '../printers/table-printer.js';
import { CliError, type ApiClient, type ApiError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { AT_HELP, clientAt } from './at.js';
import { fetchObjects, fetchTable, type KubeObject, type ListQuery, type Scope } from './fetch.js';
import { OUTPUT_FORMATS, parseGetOutput, printObjects, tableOptions, type GetOutput } from './get-output.js';
import { watchResource } from './get-watch.js';
import { getProxyRules, isProxyRules } from './proxy-rules.js';
import { parseResourceArgs, qualifiedName, type ResourceRequest } from './resources.js';

export type GetOptions = {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  showLabels?: boolean;
  allNamespaces?: boolean;
  node?: string;
  headers?: boolean;
  sortBy?: string;
  labelColumns?: string[];
  watch?: boolean;
  watchOnly?: boolean;
  at?: string;
};

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)];

export function addGetCommand(program: Command, io: KesctlIo): void {
  program
    .command('get')
    .description('Display one or many resources: nodes, pods, namespaces, deployments, replicasets, jobs, services, endpoints, configmaps, secrets')
    .argument('<resource...>', 'TYPE[,TYPE…] [NAME…], or TYPE/NAME…')
    .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join('|')}`)
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=cache')
    .option('--field-selector <selector>', 'field selector, e.g. spec.nodeName=node-1,status.phase!=Running')
    .option('-A, --all-namespaces', 'list the requested objects across all namespaces')
    .option('--show-labels', 'show all labels as the last column')
    .option('-L, --label-columns <keys>', 'a column for each of these labels (comma-separated, or the flag repeated)', collect, [])
    .option('--no-headers', 'leave out the header line (tables and custom-columns)')
    .option('--sort-by <jsonpath>', 'sort by the value this JSONPath finds in each object, e.g. .metadata.creationTimestamp')
    .option('-w, --watch', 'after listing, print each change to the listed objects as it happens')
    .option('--watch-only', 'print changes only, without listing first')
    .option('--node <name>', 'for proxyrules: the node whose kube-proxy rules to show')
    .option('--at <time|position>', AT_HELP)
    .action(action(io, get));
}

async function get(context: KesctlContext, args: string[], options: GetOptions): Promise<number> {
  if (isProxyRules(args)) return getProxyRules(context, args, options);
  const { requests, multipleTypes } = parseResourceArgs(args);
  const output = parseGetOutput(options.output);
  const named = requests.some((r) => r.names.length > 0);
  if (options.selector !== undefined) {
    if (named) throw new CliError('name cannot be provided when a selector is specified');
    const parsed = parseSelector(options.selector);
    if (!parsed.ok) throw new CliError(`invalid label selector "${options.selector}": ${parsed.problem}`);
  }
  const watching = options.watch === true || options.watchOnly === true;
  if (watching && (requests.length !== 1 || requests[0]!.names.length > 1)) throw new CliError('you may only specify a single resource type, and at most one name, with --watch');
  if (watching && options.at !== undefined) throw new CliError('--at reads the past, --watch follows the present: give one of them (kesctl events --from POSITION follows the log from a point)');
  const client = await clientAt(context.client(), options.at);
  const scope: Scope = { namespace: context.namespace(), allNamespaces: options.allNamespaces };
  const query: ListQuery = { labelSelector: options.selector, fieldSelector: options.fieldSelector, ...(options.sortBy && output.table ? { includeObject: 'Object' } : {}) };
  const failures: ApiError[] = [];
  let resourceVersion: string | undefined;
  if (!options.watchOnly) {
    const listed = output.table
      ? await getTables(context, client, requests, { scope, query, options, failures, multipleTypes })
      : await getObjects(context, client, requests, { scope, query, output, failures, sortBy: options.sortBy, headers: options.headers !== false });
    resourceVersion = listed.resourceVersion;
    if (!listed.found && failures.length === 0 && !named && !watching) context.err(noResources(requests, scope));
  }
  failures.forEach((f) => context.report(f));
  if (failures.length > 0) return 1;
  if (watching) await watchResource(context, client, requests[0]!, { scope, query, output, options, resourceVersion });
  return 0;
}

type Common = { scope: Scope; query: ListQuery; failures: ApiError[] };
type Listed = { found: boolean; resourceVersion?: string };

async function getObjects(
  context: KesctlContext,
  client: ApiClient,
  requests: readonly ResourceRequest[],
  { scope, query, output, failures, sortBy, headers }: Common & { output: Exclude<GetOutput, { table: true }>; sortBy?: string; headers: boolean },
): Promise<Listed> {
  let items: { object: KubeObject; kind: string }[] = [];
  let resourceVersion: string | undefined;
  for (const { resource, names } of requests) {
    const fetched = await fetchObjects(client, resource, names, scope, query);
    items.push(...fetched.items.map((object) => ({ object, kind: qualifiedName(resource) })));
    failures.push(...fetched.failures);
    resourceVersion = fetched.resourceVersion;
  }
  if (sortBy) items = sortByField(items, sortBy, (item) => item.object);
  // As kubectl: one named object prints alone; anything else prints as a List, empty or not, and never as
  // "No resources found" (that message is for tables).
  const single = requests.length === 1 && requests[0]!.names.length === 1;
  context.out(printObjects(items, output, single, headers));
  return { found: true, resourceVersion };
}

async function getTables(
  context: KesctlContext,
  client: ApiClient,
  requests: readonly ResourceRequest[],
  { scope, query, options, failures, multipleTypes }: Common & { options: GetOptions; multipleTypes: boolean },
): Promise<Listed> {
  const printed: string[] = [];
  let resourceVersion: string | undefined;
  for (const { resource, names } of requests) {
    const fetched = await fetchTable(client, resource, names, scope, query, context.now());
    failures.push(...fetched.failures);
    resourceVersion = fetched.table.metadata.resourceVersion;
    if (fetched.table.rows.length === 0) continue;
    const table = options.sortBy ? sortedTable(fetched.table, options.sortBy) : fetched.table;
    printed.push(printTable(table, tableOptions(options, resource.namespaced && scope.allNamespaces === true, multipleTypes ? qualifiedName(resource) : undefined)));
  }
  context.out(printed.join('\n'));
  return { found: printed.length > 0, resourceVersion };
}

function sortedTable(table: Table, sortBy: string): Table {
  return { ...table, rows: sortByField(table.rows, sortBy, (row) => row.object) };
}

/** kubectl's message when a list is empty: it names the namespace when every requested type lives in one. */
function noResources(requests: readonly ResourceRequest[], scope: Scope): string {
  const namespaced = !scope.allNamespaces && requests.every((r) => r.resource.namespaced);
  return namespaced ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n';
}
