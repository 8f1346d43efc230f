import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { execute } from '../execute.js';
import { failure } from '../status.js';
import type { KindLocation } from './namespaced-objects.js';
import { bodyMeta, dryRunRefusal, isStatus, notFoundStatus, parseGracePeriod, sendStatus } from './object-requests.js';

type Named = { namespace: string; name: string };

/**
 * POST `…/pods/{name}/eviction` (policy/v1 Eviction, as kubectl drain sends it): the pod is evicted with the
 * Eviction's grace period. kes has no PodDisruptionBudgets, so none holds it back.
 */
export function podEviction(app: FastifyInstance, deps: ApiDeps, pods: KindLocation<'Pod'>): void {
  app.post(`${pods.prefix}/namespaces/:namespace/${pods.plural}/:name/eviction`, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const given = bodyMeta(request.body).name;
    if (given !== undefined && given !== name) return sendStatus(reply, failure('BadRequest', `name in URL does not match name in Eviction object (${String(given)})`));
    if (!pods.find(deps.models, namespace, name)) return sendStatus(reply, notFoundStatus(pods, name));
    const refused = dryRunRefusal(request);
    if (refused) return sendStatus(reply, refused);
    const options = (request.body as { deleteOptions?: { gracePeriodSeconds?: unknown } } | undefined)?.deleteOptions;
    const grace = parseGracePeriod(options?.gracePeriodSeconds, 'deleteOptions.gracePeriodSeconds');
    if (isStatus(grace)) return sendStatus(reply, grace);
    const eviction = { namespace, name, reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
    await execute(deps, request, 'EvictPod', grace === undefined ? eviction : { ...eviction, gracePeriodSeconds: grace });
    return reply.code(201).send({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  });
}
