import type { Command } from 'commander';
import type { K8sNode } from '../../http/k8s/k8s-types.js';
import { ApiError, STRATEGIC_MERGE_PATCH, type ApiClient } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodePath } from './resources.js';

export function addCordonCommands(program: Command, io: KesctlIo): void {
  program
    .command('cordon')
    .description('Mark nodes as unschedulable')
    .argument('<node...>', 'node names')
    .action(action(io, (context, names: string[]) => setUnschedulable(context, names, true)));
  program
    .command('uncordon')
    .description('Mark nodes as schedulable')
    .argument('<node...>', 'node names')
    .action(action(io, (context, names: string[]) => setUnschedulable(context, names, false)));
}

async function setUnschedulable(context: KesctlContext, args: string[], unschedulable: boolean): Promise<number> {
  const client = context.client();
  let failed = false;
  for (const name of args.map((a) => a.replace(/^(nodes?|no)\//, ''))) {
    try {
      context.out(`node/${name} ${await cordonNode(client, name, unschedulable)}\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** Marks one node (un)schedulable unless it already is; returns what kubectl prints after `node/NAME`. */
export async function cordonNode(client: ApiClient, name: string, unschedulable = true): Promise<string> {
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  const node = await client.get<K8sNode>(nodePath(name));
  if ((node.spec?.unschedulable === true) === unschedulable) return `already ${verb}`;
  await client.patch(nodePath(name), { spec: { unschedulable: unschedulable ? true : null } }, STRATEGIC_MERGE_PATCH);
  return verb;
}
