import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectMeta } from '../../../domain/shared/object-meta.js';
import type { Selector } from '../../../domain/shared/selectors.js';
import type { ApiDeps } from '../api-deps.js';
import { writeObject } from '../write.js';
import { APPS_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { AUTOSCALING } from '../k8s/openapi/schema.js';
import { labelSelectorObject, objectMetadata } from '../k8s/objects/pod-spec-object.js';
import { formatLabelSelector } from '../k8s/objects/workload-tables.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';
import { managedFieldsCommand, updatedThrough } from './field-managers.js';
import { bodyMeta, dryRunRefusal, invalidObject, isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { desiredObject, preconditionFailure } from './object-update.js';
import type { KindLocation, Subresource } from './namespaced-objects.js';
import type { ReadableKind } from './object-reads.js';
import type { ViewOf } from './object-watch.js';

/** The autoscaling/v1 Scale of an object that has replicas. */
export type K8sScale = {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: K8sObjectMeta;
  spec: { replicas: number };
  status: { replicas: number; selector: string };
};

export type ScaleView = Readonly<{ meta: ObjectMeta; resourceVersion: number; replicas: number; observed: number; selector: Selector }>;

/** What a kind with a `/scale` subresource scales: its counts, read from its view, and the command that scales it. */
export type Scalable<K extends ReadableKind> = Readonly<{
  counts: (view: ViewOf<K>) => ScaleView;
  command: 'ScaleDeployment' | 'ScaleReplicaSet';
}>;

type Replicated = Readonly<{ meta: ObjectMeta; resourceVersion: number; spec: { replicas: number; selector: Selector }; status: { replicas: number } }>;

/** A Deployment's or ReplicaSet's counts: replicas asked for, replicas there, and the selector that finds them. */
export const replicaCounts = (view: Replicated): ScaleView =>
  ({ meta: view.meta, resourceVersion: view.resourceVersion, replicas: view.spec.replicas, observed: view.status.replicas, selector: view.spec.selector });

const SCALE: KindNames = { kind: 'Scale', plural: 'scales', group: 'autoscaling' };
type Named = { namespace: string; name: string };

function scaleObject(view: ScaleView): K8sScale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = objectMetadata(view.meta, view.resourceVersion);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: view.replicas },
    status: { replicas: view.observed, selector: formatLabelSelector(labelSelectorObject(view.selector)) },
  };
}

/** GET, PUT and PATCH of `…/{deployments|replicasets}/{name}/scale` (kubectl scale sends a merge patch of spec.replicas). */
export function scaleSubresource<K extends ReadableKind>(scalable: Scalable<K>): Subresource<K> {
  return (app, deps, kind) => scaleRoutes(app, deps, kind, scalable);
}

function scaleRoutes<K extends ReadableKind>(app: FastifyInstance, deps: ApiDeps, kind: KindLocation<K>, scalable: Scalable<K>): void {
  const path = `${kind.prefix}/namespaces/:namespace/${kind.plural}/:name/scale`;
  const find = (namespace: string, name: string) => {
    const view = kind.find(deps.models, namespace, name);
    return view && scalable.counts(view);
  };

  app.get(path, async (request, reply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    return view ? scaleObject(view) : sendStatus(reply, notFoundStatus(kind, name));
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace, name } = request.params as Named;
    const view = find(namespace, name);
    if (!view) return sendStatus(reply, notFoundStatus(kind, name));
    const dryRun = dryRunRefusal(request);
    if (dryRun) return sendStatus(reply, dryRun);
    const current = scaleObject(view);
    const desired = desiredObject(request, { current, schemas: APPS_V1_SCHEMAS, schema: `${AUTOSCALING}.Scale` });
    if (isStatus(desired)) return sendStatus(reply, desired);
    const refused = preconditionFailure(kind, current.metadata, desired);
    if (refused) return sendStatus(reply, refused);
    const replicas = (desired.spec as { replicas?: unknown } | undefined)?.replicas;
    if (replicas === undefined || replicas === null)
      return sendStatus(reply, invalidObject(SCALE, name, [{ field: 'spec.replicas', message: 'Required value' }]));
    const problem = typeof replicas !== 'number' || !Number.isInteger(replicas) ? 'must be an integer' : replicas < 0 ? 'must be greater than or equal to 0' : undefined;
    if (problem) return sendStatus(reply, invalidObject(SCALE, name, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: ${problem}` }]));
    // The replicas asked for do not depend on the current object: only a resourceVersion the client gave conditions the write.
    const given = bodyMeta(desired).resourceVersion;
    const conditions = given === undefined || given === '' ? {} : { expectedPosition: view.resourceVersion };
    const answer = (preview: unknown) => scaleObject(preview ? scalable.counts(preview as Parameters<typeof scalable.counts>[0]) : view);
    const entries = view.meta.managedFields ?? [];
    const managers = updatedThrough(request, {
      subresource: 'scale', entries, apiVersion: kind.prefix.replace(/^\/apis?\//, ''), time: deps.clock.now(), changed: replicas === view.replicas ? [] : [['f:spec', 'f:replicas']],
    });
    const recorded = managedFieldsCommand({ kind: kind.kind, namespace, name }, entries, managers);
    const written = await writeObject(deps, request, [{ type: scalable.command, data: { namespace, name, replicas } }, ...recorded], { ...conditions, answer });
    return written?.dryRun ? written.dryRun.answer : scaleObject(find(namespace, name) ?? view);
  };
  app.put(path, update);
  app.patch(path, update);
}
