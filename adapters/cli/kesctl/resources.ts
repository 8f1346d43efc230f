import { CliError } from './api-client.js';

/** A resource type as discovery describes it: where it lives on the REST API and every name kubectl accepts. */
export type ResourceInfo = Readonly<{
  resource: string;
  singular: string;
  shortNames: readonly string[];
  kind: string;
  group: string;
  namespaced: boolean;
}>;

const core = (resource: string, kind: string, namespaced: boolean, shortNames: string[] = []): ResourceInfo => ({
  resource, singular: kind.toLowerCase(), shortNames, kind, group: '', namespaced,
});
const apps = (resource: string, kind: string, shortNames: string[]): ResourceInfo => ({
  resource, singular: kind.toLowerCase(), shortNames, kind, group: 'apps', namespaced: true,
});

const batch = (resource: string, kind: string): ResourceInfo => ({ resource, singular: kind.toLowerCase(), shortNames: [], kind, group: 'batch', namespaced: true });

/** What kesctl knows. Services and the rest map to their Kubernetes paths even where the server does not serve them yet. */
export const RESOURCES: readonly ResourceInfo[] = [
  core('nodes', 'Node', false, ['no']),
  core('pods', 'Pod', true, ['po']),
  core('namespaces', 'Namespace', false, ['ns']),
  apps('deployments', 'Deployment', ['deploy']),
  apps('replicasets', 'ReplicaSet', ['rs']),
  batch('jobs', 'Job'),
  core('services', 'Service', true, ['svc']),
  core('endpoints', 'Endpoints', true, ['ep']),
  core('configmaps', 'ConfigMap', true, ['cm']),
  core('secrets', 'Secret', true),
  core('events', 'Event', true, ['ev']),
  { resource: 'priorityclasses', singular: 'priorityclass', shortNames: ['pc'], kind: 'PriorityClass', group: 'scheduling.k8s.io', namespaced: false },
];

export const NODES = lookupResource('nodes');

/** `deployments`, `deployment`, `deploy`, `Deployment`, `deployments.apps` or `deployment.apps`. */
export function lookupResource(type: string): ResourceInfo {
  const [name, ...groupParts] = type.toLowerCase().split('.');
  const group = groupParts.join('.');
  const found = RESOURCES.find(
    (r) => (groupParts.length === 0 || r.group === group) && (r.resource === name || r.singular === name || r.shortNames.includes(name)),
  );
  if (!found) throw new CliError(`the server doesn't have a resource type "${type}"`);
  return found;
}

export function resourceForKind(apiVersion: unknown, kind: unknown): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
}

export const apiVersionOf = (r: ResourceInfo): string => (r.group ? `${r.group}/v1` : 'v1');

/** `deployment.apps`, `pod`: how kubectl names a type in `created`, `deleted` and `-o name` lines. */
export const qualifiedName = (r: ResourceInfo): string => (r.group ? `${r.singular}.${r.group}` : r.singular);

/** The collection path; a namespaced type without a namespace is listed across all namespaces. */
export function collectionPath(r: ResourceInfo, namespace?: string): string {
  const root = r.group ? `/apis/${r.group}/v1` : '/api/v1';
  return r.namespaced && namespace !== undefined ? `${root}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : `${root}/${r.resource}`;
}

export function objectPath(r: ResourceInfo, namespace: string, name: string, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

export function nodePath(name?: string): string {
  return name === undefined ? collectionPath(NODES) : objectPath(NODES, '', name);
}

/** `?a=b&c=d` from the parameters that are set, each value URL-encoded. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

export type ResourceRequest = { resource: ResourceInfo; names: string[] };

/**
 * kubectl's resource arguments: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`. Consecutive `TYPE/NAME` arguments of one
 * type form one request; `multipleTypes` says whether kubectl would print names with their kind.
 */
export function parseResourceArgs(args: readonly string[]): { requests: ResourceRequest[]; multipleTypes: boolean } {
  if (args.length === 0) throw new CliError('you must specify the type of resource to get, e.g. "pods", or TYPE/NAME');
  if (!args[0].includes('/')) {
    const inline = args.slice(1).find((a) => a.includes('/'));
    if (inline !== undefined)
      throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kesctl get resource/<resource_name>' instead of 'kesctl get resource resource/<resource_name>')`);
    const types = args[0].split(',').filter((t) => t !== '');
    return { requests: types.map((t) => ({ resource: lookupResource(t), names: args.slice(1) })), multipleTypes: types.length > 1 };
  }
  const requests: ResourceRequest[] = [];
  for (const arg of args) {
    const [type, name, ...rest] = arg.split('/');
    if (!type || !name || rest.length > 0) throw new CliError(`arguments in resource/name form must have a single resource and name, not "${arg}"`);
    const resource = lookupResource(type);
    const last = requests.at(-1);
    if (last?.resource === resource) last.names.push(name);
    else requests.push({ resource, names: [name] });
  }
  return { requests, multipleTypes: new Set(requests.map((r) => r.resource)).size > 1 };
}

/** One type and its names, for commands that act on a single type. */
export function resourceArgs(args: readonly string[]): ResourceRequest {
  const { requests } = parseResourceArgs(args);
  if (requests.length > 1) throw new CliError('this command takes one resource type at a time');
  return requests[0];
}

/** Node names for the node-only commands (taint). */
export function nodeArgs(args: readonly string[], command: string): string[] {
  const { resource, names } = resourceArgs(args);
  if (resource !== NODES) throw new CliError(`kesctl ${command} works on nodes only, not ${resource.resource}`);
  return names;
}
