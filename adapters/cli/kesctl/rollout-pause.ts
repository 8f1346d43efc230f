import type { Command } from 'commander';
import { CliError, MERGE_PATCH } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { rolloutTarget } from './rollout-target.js';

export function addRolloutPauseCommands(rollout: Command, io: KesctlIo): void {
  rollout
    .command('pause')
    .description('Pause a deployment: it keeps being scaled, but a new pod template rolls out only once it is resumed')
    .argument('<resource...>', 'deployment/NAME, or deployment NAME')
    .action(action(io, (context: KesctlContext, args: string[]) => setPaused(context, args, true)));
  rollout
    .command('resume')
    .description('Resume a paused deployment: what changed while it was paused rolls out')
    .argument('<resource...>', 'deployment/NAME, or deployment NAME')
    .action(action(io, (context: KesctlContext, args: string[]) => setPaused(context, args, false)));
}

/** kubectl rollout pause / resume: a merge patch of spec.paused, refused when there is nothing to change. */
async function setPaused(context: KesctlContext, args: string[], paused: boolean): Promise<number> {
  const verb = paused ? 'paused' : 'resumed';
  const { client, path, deployment } = await rolloutTarget(context, args, (kind) => `${kind} cannot be ${verb}: kesctl pauses and resumes deployments`);
  const name = deployment.metadata.name;
  if (Boolean(deployment.spec.paused) === paused) throw new CliError(`deployments.apps "${name}" is ${paused ? 'already paused' : 'not paused'}`);
  await client.patch(path, { spec: { paused: paused || null } }, MERGE_PATCH);
  context.out(`deployment.apps/${name} ${verb}\n`);
  return 0;
}
