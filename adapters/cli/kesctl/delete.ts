import type { Command } from 'commander';
import { ApiError, CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { nodePath, resourceArgs } from './resources.js';

export function addDeleteCommand(program: Command, io: KesctlIo): void {
  program
    .command('delete')
    .description('Delete nodes by name')
    .argument('<resource...>', 'node NAME…, or node/NAME…')
    .action(action(io, deleteNodes));
}

async function deleteNodes(context: KesctlContext, args: string[]): Promise<number> {
  const { names } = resourceArgs(args);
  if (names.length === 0) throw new CliError('say which nodes to delete: kesctl delete node NAME…');
  const client = context.client();
  let failed = false;
  for (const name of names) {
    try {
      await client.delete(nodePath(name));
      context.out(`node "${name}" deleted\n`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      context.report(err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
