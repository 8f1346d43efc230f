import type { Command } from 'commander';
import type { K8sNode } from '../../http/k8s/k8s-types.js';
import { ApiError, STRATEGIC_MERGE_PATCH } from './api-client.js';
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
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  const client = context.client();
  let failed = false;
  for (const name of args.map((a) => a.replace(/^(nodes?|no)\//, ''))) {
    try {
      const node = await client.get<K8sNode>(nodePath(name));
      if ((node.spec?.unschedulable === true) === unschedulable) {
        context.out(`node/${name} already ${verb}\n`);
        continue;
      }
      await client.patch(nodePath(name), { spec: { unschedulable: unschedulable ? true : null } }, STRATEGIC_MERGE_PATCH);
      context.out(`node/${name} ${verb}\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
