import { Command, CommanderError } from 'commander';
import { addApplyCommand } from './apply.js';
import { addChangesCommand } from './changes.js';
import { addAuditCommand } from './audit.js';
import { errorLine, type KesctlIo } from './context.js';
import { addCordonCommands } from './cordon.js';
import { addCreateCommand } from './create.js';
import { addDeleteCommand } from './delete.js';
import { addDescribeCommand } from './describe.js';
import { addDrainCommand } from './drain.js';
import { addEventsCommand } from './events.js';
import { addExportCommand } from './export.js';
import { addGetCommand } from './get.js';
import { addHistoryCommand } from './history.js';
import { addLabelCommands } from './label.js';
import { addLogsCommand } from './logs.js';
import { addRolloutCommand } from './rollout.js';
import { addScaleCommand } from './scale.js';
import { addTaintCommand } from './taint.js';
import { addTraceCommand } from './trace.js';

export type { KesctlIo } from './context.js';

/**
 * The kesctl program. It never exits the process: a failure prints one line on stderr and `parseAsync`
 * rejects with a CommanderError whose `exitCode` is the code to exit with (see `runKesctl`).
 */
export function buildKesctl(io: KesctlIo): Command {
  const program = new Command('kesctl')
    .description('Operate a kes cluster as kubectl does: workloads and nodes, their manifests, rollouts and drains, their history, causal traces and the event log')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, ~/.kes/admin.kubeconfig, ~/.kube/config)')
    .option('-s, --server <url>', 'API server URL, overriding the kubeconfig')
    .option('--token <token>', 'bearer token, overriding the kubeconfig')
    .option('--certificate-authority <file>', 'CA certificate file to trust for an https server, overriding the kubeconfig')
    .option('--insecure-skip-tls-verify', "do not check the server's certificate (insecure)")
    .option('-n, --namespace <namespace>', 'the namespace to work in (default: the kubeconfig context\'s, else "default")')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showSuggestionAfterError();
  addGetCommand(program, io);
  addDescribeCommand(program, io);
  addApplyCommand(program, io);
  addCreateCommand(program, io);
  addDeleteCommand(program, io);
  addScaleCommand(program, io);
  addRolloutCommand(program, io);
  addDrainCommand(program, io);
  addLabelCommands(program, io);
  addTaintCommand(program, io);
  addCordonCommands(program, io);
  addHistoryCommand(program, io);
  addChangesCommand(program, io);
  addTraceCommand(program, io);
  addEventsCommand(program, io);
  addExportCommand(program, io);
  addLogsCommand(program, io);
  addAuditCommand(program, io);
  return program;
}

/** Runs kesctl with user arguments (no `node` and script name) and resolves to its exit code. */
export async function runKesctl(args: readonly string[], io: KesctlIo): Promise<number> {
  try {
    await buildKesctl(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.stderr.write(`${errorLine(err)}\n`);
    return 1;
  }
}
