import type { Command } from 'commander';
import type { K8sDeployment } from '../../http/k8s/objects/workload-types.js';
import { CliError } from './api-client.js';
import { addRolloutHistoryCommands } from './rollout-history.js';
import { addRolloutPauseCommands } from './rollout-pause.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { objectPath, resourceArgs } from './resources.js';
import { parseDuration, poll, WaitTimeout } from './wait.js';

const POLL_INTERVAL_MS = 1000;

export function addRolloutCommand(program: Command, io: KesctlIo): void {
  const rollout = program.command('rollout').description('Manage the rollout of a deployment');
  rollout
    .command('status')
    .description('Wait until a deployment has rolled out, saying how far it has got')
    .argument('<resource...>', 'deployment/NAME, or deployment NAME')
    .option('--timeout <duration>', 'how long to wait before giving up, e.g. 5m (0: forever)', '0s')
    .action(action(io, rolloutStatus));
  addRolloutHistoryCommands(rollout, io);
  addRolloutPauseCommands(rollout, io);
}

/** Polls the Deployment, printing kubectl's progress message whenever it changes, until the rollout is done. */
async function rolloutStatus(context: KesctlContext, args: string[], options: { timeout: string }): Promise<number> {
  const timeoutMs = parseDuration(options.timeout, '--timeout');
  const { resource, names } = resourceArgs(args);
  if (resource.resource !== 'deployments') throw new CliError(`no status viewer has been implemented for ${resource.kind}: kesctl follows deployments`);
  if (names.length !== 1) throw new CliError('rollout status takes exactly one deployment: kesctl rollout status deployment/NAME');
  const client = context.client();
  const path = objectPath(resource, context.namespace(), names[0]);
  let last: string | undefined;
  try {
    await poll(context, POLL_INTERVAL_MS, timeoutMs, async () => {
      const { message, done } = rolloutProgress(await client.get<K8sDeployment>(path));
      if (message !== last) context.out(message);
      last = message;
      return done ? true : undefined;
    });
  } catch (err) {
    if (err instanceof WaitTimeout) throw new CliError(err.message);
    throw err;
  }
  return 0;
}

/** kubectl's DeploymentStatusViewer, message for message. */
export function rolloutProgress(d: K8sDeployment): { message: string; done: boolean } {
  const { name, generation = 0 } = d.metadata;
  const status = d.status ?? ({} as Partial<K8sDeployment['status']>);
  const { observedGeneration = 0, replicas = 0, updatedReplicas = 0, availableReplicas = 0 } = status;
  const waiting = (why: string) => ({ message: `Waiting for deployment "${name}" rollout to finish: ${why}...\n`, done: false });
  if (generation > observedGeneration) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment "${name}" exceeded its progress deadline`);
  if (updatedReplicas < d.spec.replicas) return waiting(`${updatedReplicas} out of ${d.spec.replicas} new replicas have been updated`);
  if (replicas > updatedReplicas) return waiting(`${replicas - updatedReplicas} old replicas are pending termination`);
  if (availableReplicas < updatedReplicas) return waiting(`${availableReplicas} of ${updatedReplicas} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}
