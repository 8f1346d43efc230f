import type { Command } from 'commander';
import { parseSelector } from '../../../domain/shared/selectors.js';
import { asList, printObject } from '../printers/object-printer.js';
import { printTable } from '../printers/table-printer.js';
import { CliError, type ApiClient, type ApiError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { fetchObjects, fetchTable, type KubeObject, type ListQuery, type Scope } from './fetch.js';
import { getProxyRules, isProxyRules } from './proxy-rules.js';
import { parseResourceArgs, qualifiedName, type ResourceRequest } from './resources.js';

const FORMATS = ['wide', 'yaml', 'json', 'name'] as const;
type GetOptions = { output?: string; selector?: string; fieldSelector?: string; showLabels?: boolean; allNamespaces?: boolean; node?: string };

export function addGetCommand(program: Command, io: KesctlIo): void {
  program
    .command('get')
    .description('Display one or many resources: nodes, pods, namespaces, deployments, replicasets, services, endpoints, configmaps, secrets')
    .argument('<resource...>', 'TYPE[,TYPE…] [NAME…], or TYPE/NAME…')
    .option('-o, --output <format>', `output format: ${FORMATS.join('|')}`)
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=cache')
    .option('--field-selector <selector>', 'field selector, e.g. spec.nodeName=node-1,status.phase!=Running')
    .option('-A, --all-namespaces', 'list the requested objects across all namespaces')
    .option('--show-labels', 'show all labels as the last column')
    .option('--node <name>', 'for proxyrules: the node whose kube-proxy rules to show')
    .action(action(io, get));
}

async function get(context: KesctlContext, args: string[], options: GetOptions): Promise<number> {
  if (isProxyRules(args)) return getProxyRules(context, args, options);
  const { requests, multipleTypes } = parseResourceArgs(args);
  const format = options.output;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new CliError(`unknown output format "${format}": use one of ${FORMATS.join(', ')}`);
  const named = requests.some((r) => r.names.length > 0);
  if (options.selector !== undefined) {
    if (named) throw new CliError('name cannot be provided when a selector is specified');
    const parsed = parseSelector(options.selector);
    if (!parsed.ok) throw new CliError(`invalid label selector "${options.selector}": ${parsed.problem}`);
  }
  const client = context.client();
  const scope: Scope = { namespace: context.namespace(), allNamespaces: options.allNamespaces };
  const query: ListQuery = { labelSelector: options.selector, fieldSelector: options.fieldSelector };
  const failures: ApiError[] = [];
  const found =
    format === 'yaml' || format === 'json' || format === 'name'
      ? await getObjects(context, client, requests, { scope, query, format, failures })
      : await getTables(context, client, requests, { scope, query, options, failures, multipleTypes });
  if (!found && failures.length === 0 && !named) context.err(noResources(requests, scope));
  failures.forEach((f) => context.report(f));
  return failures.length > 0 ? 1 : 0;
}

type Common = { scope: Scope; query: ListQuery; failures: ApiError[] };

async function getObjects(
  context: KesctlContext,
  client: ApiClient,
  requests: readonly ResourceRequest[],
  { scope, query, format, failures }: Common & { format: 'yaml' | 'json' | 'name' },
): Promise<boolean> {
  const items: { object: KubeObject; kind: string }[] = [];
  for (const { resource, names } of requests) {
    const fetched = await fetchObjects(client, resource, names, scope, query);
    items.push(...fetched.items.map((object) => ({ object, kind: qualifiedName(resource) })));
    failures.push(...fetched.failures);
  }
  // As kubectl: one named object prints alone; anything else prints as a List, empty or not, and never as
  // "No resources found" (that message is for tables).
  const single = requests.length === 1 && requests[0].names.length === 1;
  if (format === 'name') context.out(items.map(({ object, kind }) => `${kind}/${object.metadata.name}\n`).join(''));
  else if (!single) context.out(printObject(asList(items.map((i) => i.object)), format));
  else if (items.length === 1) context.out(printObject(items[0].object, format));
  return true;
}

async function getTables(
  context: KesctlContext,
  client: ApiClient,
  requests: readonly ResourceRequest[],
  { scope, query, options, failures, multipleTypes }: Common & { options: GetOptions; multipleTypes: boolean },
): Promise<boolean> {
  const printed: string[] = [];
  for (const { resource, names } of requests) {
    const fetched = await fetchTable(client, resource, names, scope, query, context.now());
    failures.push(...fetched.failures);
    if (fetched.table.rows.length === 0) continue;
    printed.push(
      printTable(fetched.table, {
        wide: options.output === 'wide',
        showLabels: options.showLabels,
        withNamespace: resource.namespaced && scope.allNamespaces === true,
        kind: multipleTypes ? qualifiedName(resource) : undefined,
      }),
    );
  }
  context.out(printed.join('\n'));
  return printed.length > 0;
}

/** kubectl's message when a list is empty: it names the namespace when every requested type lives in one. */
function noResources(requests: readonly ResourceRequest[], scope: Scope): string {
  const namespaced = !scope.allNamespaces && requests.every((r) => r.resource.namespaced);
  return namespaced ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n';
}
