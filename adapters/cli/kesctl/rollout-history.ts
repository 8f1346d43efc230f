import type { Command } from 'commander';
import { REVISION_ANNOTATION } from '../../../domain/deployment/deployment.js';
import type { K8sDeployment, K8sReplicaSet } from '../../http/k8s/objects/workload-types.js';
import { CliError, MERGE_PATCH, type ApiClient } from './api-client.js';
import { podTemplateLines } from '../printers/describe-containers.js';
import { threeWayMergePatch, type JsonObject } from './apply-patch.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { collectionPath, lookupResource } from './resources.js';
import { rolloutTarget } from './rollout-target.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const deploymentOf = (context: KesctlContext, args: string[]) =>
  rolloutTarget(context, args, (kind) => `no history viewer has been implemented for ${kind}: kesctl keeps the history of deployments`);
const POD_TEMPLATE_HASH = 'pod-template-hash';

type Revision = Readonly<{ revision: number; rs: K8sReplicaSet }>;

export function addRolloutHistoryCommands(rollout: Command, io: KesctlIo): void {
  rollout
    .command('history')
    .description("List a deployment's revisions: the ReplicaSets it keeps, numbered as kubectl numbers them")
    .argument('<resource...>', 'deployment/NAME, or deployment NAME')
    .option('--revision <n>', 'show the pod template of this revision (0: list them all)', '0')
    .action(action(io, rolloutHistory));
  rollout
    .command('undo')
    .description('Roll a deployment back to its previous revision, or to --to-revision')
    .argument('<resource...>', 'deployment/NAME, or deployment NAME')
    .option('--to-revision <n>', 'the revision to roll back to (0: the previous one)', '0')
    .action(action(io, rolloutUndo));
}

/**
 * kubectl rollout history: `deployment.apps/web `, then REVISION and CHANGE-CAUSE, oldest first; with
 * --revision, the pod template of that revision as kubectl describes it.
 */
async function rolloutHistory(context: KesctlContext, args: string[], options: { revision: string }): Promise<number> {
  const revision = revisionNumber(options.revision, '--revision');
  const { client, deployment } = await deploymentOf(context, args);
  const revisions = await revisionsOf(client, deployment);
  if (revision > 0) {
    const found = revisions.find((r) => r.revision === revision);
    if (!found) throw new CliError('unable to find the specified revision');
    context.out(`deployment.apps/${deployment.metadata.name} with revision #${revision}\n${podTemplateLines(found.rs.spec.template).join('\n')}\n\n`);
    return 0;
  }
  const width = Math.max('REVISION'.length, ...revisions.map((r) => String(r.revision).length)) + 2;
  const rows = revisions.map(({ revision, rs }) => `${String(revision).padEnd(width)}${rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
  context.out(`deployment.apps/${deployment.metadata.name} \n${'REVISION'.padEnd(width)}CHANGE-CAUSE\n${rows.join('')}\n`);
  return 0;
}

/**
 * kubectl rollout undo: the Deployment gets the pod template of the ReplicaSet of the revision asked for (the one
 * before the newest when none is), less its pod-template-hash label, by a merge patch that also removes what the
 * current template has and that one lacks. The Deployment controller then rolls over to it.
 */
async function rolloutUndo(context: KesctlContext, args: string[], options: { toRevision: string }): Promise<number> {
  const toRevision = revisionNumber(options.toRevision, '--to-revision');
  const { client, path, deployment } = await deploymentOf(context, args);
  const target = pickRevision(deployment, await revisionsOf(client, deployment), toRevision);
  const template = withoutHash(target.rs.spec.template as unknown as JsonObject);
  const current = deployment.spec.template as unknown as JsonObject;
  const patch = threeWayMergePatch(current, template, current);
  const name = `deployment.apps/${deployment.metadata.name}`;
  if (Object.keys(patch).length === 0) {
    context.out(`${name} skipped rollback (current template already matches revision ${toRevision})\n`);
    return 0;
  }
  await client.patch(path, { spec: { template: patch } }, MERGE_PATCH);
  context.out(`${name} rolled back\n`);
  return 0;
}

/** The Deployment's ReplicaSets (controller owner reference to its uid) with their revision numbers, oldest first. */
async function revisionsOf(client: ApiClient, deployment: K8sDeployment): Promise<Revision[]> {
  const namespace = deployment.metadata.namespace ?? 'default';
  const { items = [] } = await client.get<{ items?: K8sReplicaSet[] }>(collectionPath(lookupResource('replicasets'), namespace));
  return items
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid))
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.[REVISION_ANNOTATION]), rs }))
    .filter(({ revision }) => Number.isSafeInteger(revision) && revision > 0)
    .sort((a, b) => a.revision - b.revision);
}

/** kubectl's deploymentRevision: the revision asked for, or the newest but one. */
function pickRevision(deployment: K8sDeployment, revisions: readonly Revision[], toRevision: number): Revision {
  if (toRevision > 0) {
    const found = revisions.find((r) => r.revision === toRevision);
    if (!found) throw new CliError(`unable to find specified revision ${toRevision} in history`);
    return found;
  }
  const previous = revisions.at(-2);
  if (!previous) throw new CliError(`no rollout history found for deployment "${deployment.metadata.name}"`);
  return previous;
}

function revisionNumber(text: string, flag: string): number {
  const revision = Number(text);
  if (!Number.isSafeInteger(revision) || revision < 0) throw new CliError(`invalid argument "${text}" for "${flag}" flag: must be a whole number, 0 or more`);
  return revision;
}

function withoutHash(template: JsonObject): JsonObject {
  const metadata = (template.metadata ?? {}) as JsonObject;
  const { [POD_TEMPLATE_HASH]: _hash, ...labels } = (metadata.labels ?? {}) as JsonObject;
  return { ...template, metadata: { ...metadata, labels } };
}
