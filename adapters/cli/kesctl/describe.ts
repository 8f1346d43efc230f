import type { Command } from 'commander';
import type { K8sEvent, K8sEventList, K8sNode } from '../../http/k8s/k8s-types.js';
import { describeNode } from '../printers/describe-node.js';
import type { ApiClient } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { fetchNodes } from './get.js';
import { resourceArgs } from './resources.js';

export function addDescribeCommand(program: Command, io: KesctlIo): void {
  program
    .command('describe')
    .description('Show details of a node, with its recent events')
    .argument('<resource...>', 'node NAME…, or node/NAME…')
    .option('-l, --selector <selector>', 'describe the nodes matching this label selector')
    .action(action(io, describe));
}

async function describe(context: KesctlContext, args: string[], options: { selector?: string }): Promise<number> {
  const { names } = resourceArgs(args);
  const client = context.client();
  const { items, failures } = await fetchNodes(client, names, options.selector);
  const texts: string[] = [];
  for (const node of items) texts.push(describeNode(node, await nodeEvents(client, node), context.now()));
  context.out(texts.join('\n\n'));
  if (items.length === 0 && failures.length === 0) context.err('No resources found\n');
  failures.forEach((f) => context.report(f));
  return failures.length > 0 ? 1 : 0;
}

/** The node's events; as kubectl, a failure to list them leaves the Events section out rather than failing. */
async function nodeEvents(client: ApiClient, node: K8sNode): Promise<K8sEvent[] | undefined> {
  const selector = `involvedObject.kind=Node,involvedObject.name=${node.metadata.name}`;
  try {
    return (await client.get<K8sEventList>(`/api/v1/events?fieldSelector=${encodeURIComponent(selector)}`)).items ?? [];
  } catch {
    return undefined;
  }
}
