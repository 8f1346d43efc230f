import { CliError } from './api-client.js';

/** The resources kesctl knows, by every name kubectl accepts for them. */
const NODE_ALIASES = new Set(['nodes', 'node', 'no']);

export type ResourceRef = { resource: 'nodes'; names: string[] };

export function resourceType(type: string): 'nodes' {
  if (NODE_ALIASES.has(type.toLowerCase())) return 'nodes';
  throw new CliError(`kesctl does not handle resource type "${type}" yet: it knows nodes (node, no)`);
}

/** `TYPE [NAME…]` or `TYPE/NAME…`, as kubectl takes them. */
export function resourceArgs(args: readonly string[]): ResourceRef {
  if (args.length === 0) throw new CliError('you must say which resource type, e.g. "nodes", or TYPE/NAME');
  if (!args[0].includes('/')) return { resource: resourceType(args[0]), names: args.slice(1) };
  const names = args.map((arg) => {
    const [type, name, ...rest] = arg.split('/');
    if (!name || rest.length > 0) throw new CliError(`arguments in resource/name form must have a single resource and name, not "${arg}"`);
    resourceType(type);
    return name;
  });
  return { resource: 'nodes', names };
}

export function nodePath(name?: string): string {
  return name === undefined ? '/api/v1/nodes' : `/api/v1/nodes/${encodeURIComponent(name)}`;
}
