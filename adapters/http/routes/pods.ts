import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parsePodManifest } from '../../../application/manifests/parse-manifest.js';
import type { ReadModels } from '../../../application/projections/read-models.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { execute } from '../execute.js';
import { writeObject } from '../write.js';
import type { FieldRequirement } from '../k8s/field-selector.js';
import { CORE_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { CORE } from '../k8s/openapi/schema.js';
import { podObject } from '../k8s/objects/pod-object.js';
import { podTable } from '../k8s/objects/pod-table.js';
import type { K8sPod } from '../k8s/objects/workload-types.js';
import { failure } from '../status.js';
import { createNamespaced } from './object-create.js';
import { mapView, namespacedEntries, objectReadRoutes, type ObjectReads } from './object-reads.js';
import { bodyMeta, deleteConditions, dryRunRefusal, gracePeriodOf, isStatus, parseGracePeriod, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { same, unchangeable, updateObject } from './object-update.js';

const POD: KindNames = { kind: 'Pod', plural: 'pods' };

type Named = { namespace: string; name: string };

/** Pods on one node come from the index kubectl's `describe node` and `drain` selectors hit (`spec.nodeName=X`). */
function* podEntries(models: ReadModels, namespace: string | undefined, fields: readonly FieldRequirement[]): Iterable<readonly [string, PodView]> {
  const node = fields.find((f) => f.field === 'spec.nodeName' && f.equal && f.value !== '')?.value;
  const keys = node !== undefined ? models.podIndex.byNode.get(node) : namespace !== undefined ? models.podIndex.byNamespace.get(namespace) : undefined;
  if (node === undefined && namespace === undefined) return yield* namespacedEntries(models.pods, undefined);
  for (const key of keys ?? []) {
    const view = models.pods.get(key);
    if (view && (namespace === undefined || view.meta.namespace === namespace)) yield [key, view];
  }
}

/** The pod (and pod eviction) routes of core/v1. */
export function podRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const hostIP = (view: PodView) => deps.models.nodes.get(view.nodeName ?? '')?.addresses.find((a) => a.type === 'InternalIP')?.address;
  const render = (view: PodView): K8sPod => {
    const ip = hostIP(view);
    return podObject(view, ip ? { hostIP: ip } : {});
  };
  const find = (models: ReadModels, namespace: string, name: string) => models.pods.get(namespacedKey(namespace, name));

  const reads: ObjectReads<'Pod', K8sPod> = {
    ...POD,
    model: 'Pod',
    prefix: '/api/v1',
    listKind: 'PodList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'status.phase', 'status.podIP'],
    entries: podEntries,
    find,
    render,
    table: podTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({
      'metadata.name': view.meta.name,
      'metadata.namespace': view.meta.namespace,
      'spec.nodeName': view.nodeName ?? '',
      'spec.restartPolicy': view.spec.restartPolicy,
      'status.phase': view.phase,
      'status.podIP': view.podIP ?? '',
    }),
  };
  objectReadRoutes(app, deps, reads);

  app.post('/api/v1/namespaces/:namespace/pods', (request, reply) =>
    createNamespaced(deps, request, reply, {
      ...POD,
      command: 'CreatePod',
      parse: parsePodManifest,
      created: (namespace, name) => render(find(deps.models, namespace, name)!),
    }));

  const item = '/api/v1/namespaces/:namespace/pods/:name';

  app.delete(item, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(deps.models, namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(POD, name));
    const conditions = deleteConditions(request, render(view).metadata);
    if (isStatus(conditions)) return sendStatus(reply, conditions);
    const grace = gracePeriodOf(request);
    if (isStatus(grace)) return sendStatus(reply, grace);
    await writeObject(deps, request, [{ type: 'DeletePod', data: { namespace, name, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) } }], conditions);
    return render(find(deps.models, namespace, name) ?? view);
  });

  const update = (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    return updateObject(deps, request, reply, {
      ...POD,
      name,
      read: () => mapView(find(deps.models, namespace, name), render),
      schemas: CORE_V1_SCHEMAS,
      schema: `${CORE}.Pod`,
      parse: parsePodManifest,
      plan: (before, after) => ({
        causes: same(before.spec, after.spec) ? [] : [unchangeable('spec', 'kes cannot change the spec of a pod once it exists; delete the pod and create it again (or change its Deployment)')],
        commands: [],
      }),
      updated: () => render(find(deps.models, namespace, name)!),
    });
  };
  app.patch(item, update);
  app.put(item, update);

  app.post(`${item}/eviction`, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const given = bodyMeta(request.body).name;
    if (given !== undefined && given !== name) return sendStatus(reply, failure('BadRequest', `name in URL does not match name in Eviction object (${String(given)})`));
    if (!find(deps.models, namespace, name)) return sendStatus(reply, notFoundStatus(POD, name));
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
