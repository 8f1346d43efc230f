import type { FastifyRequest } from 'fastify';
import { caughtUp } from '../../../application/projections/wait-for.js';
import { ownedBy, type ObjectMeta } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, type StatusBody } from '../status.js';
import { isStatus } from './object-requests.js';

const POLICIES = ['Orphan', 'Background', 'Foreground'] as const;
export type PropagationPolicy = (typeof POLICIES)[number];

/**
 * The DeleteOptions' propagationPolicy, in the body (kubectl) or the query; Background when not given.
 * Foreground is taken as Background: the owner goes at once and the garbage collector takes its dependents.
 */
export function propagationPolicyOf(request: FastifyRequest): PropagationPolicy | StatusBody {
  const fromBody = (request.body as { propagationPolicy?: unknown } | undefined)?.propagationPolicy;
  const raw = fromBody ?? (request.query as { propagationPolicy?: unknown }).propagationPolicy ?? 'Background';
  return POLICIES.includes(raw as PropagationPolicy)
    ? (raw as PropagationPolicy)
    : failure('BadRequest', `propagationPolicy must be one of ${POLICIES.join(', ')} (got ${JSON.stringify(raw)})`);
}

/**
 * kubectl delete --cascade=orphan: before its owner is deleted, every dependent that refers to it loses the
 * reference, so the garbage collector leaves it be. Each is its own command (with a fresh id: one request
 * makes many); orphaning an object that no longer refers to the owner appends nothing, so a retried delete
 * finishes the job.
 */
export async function orphanDependents(
  deps: ApiDeps,
  request: FastifyRequest,
  type: 'OrphanPod' | 'OrphanReplicaSet',
  ownerUid: string,
  candidates: Iterable<{ meta: ObjectMeta }>,
): Promise<void> {
  const actor = request.identity?.actor ?? 'system:anonymous';
  const dependents = [...candidates].filter(({ meta }) => ownedBy(meta, ownerUid));
  for (const { meta } of dependents) {
    const data = { namespace: meta.namespace, name: meta.name, ownerUid };
    const handled = await deps.handle({ type, data, metadata: { commandId: deps.ids.newId(), actor, at: deps.clock.now() } });
    await caughtUp(deps.models, handled.position);
  }
}

/**
 * The DELETE hook of an owner (a Deployment, a ReplicaSet): `propagationPolicy=Orphan` orphans its dependents
 * first; Background and Foreground leave them to the garbage collector.
 */
export const orphaningDependents = (type: 'OrphanPod' | 'OrphanReplicaSet', candidates: (deps: ApiDeps) => Iterable<{ meta: ObjectMeta }>) =>
  async (deps: ApiDeps, request: FastifyRequest, owner: { meta: ObjectMeta }): Promise<Record<string, never> | StatusBody> => {
    const policy = propagationPolicyOf(request);
    if (isStatus(policy)) return policy;
    if (policy === 'Orphan') await orphanDependents(deps, request, type, owner.meta.uid, candidates(deps));
    return {};
  };
