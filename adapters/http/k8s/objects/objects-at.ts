import { createHash } from 'node:crypto';
import type { SecretKeyStore } from '../../../../application/ports/secret-keys.js';
import type { SecretView } from '../../../../application/projections/service-views.js';
import { openSecretValues, SEALED_ANNOTATIONS } from '../../../../application/secrets/secret-values.js';
import type { ObjectsOfKind } from '../../../../application/queries/changes-between.js';
import type { ObjectAtPoint } from '../../../../application/queries/object-changes.js';
import type { ReadModels } from '../../../../application/projections/read-models.js';
import { namespacedKey } from '../../../../domain/shared/object-meta.js';
import { nodeObject } from '../node-object.js';
import { jobObject } from './job-object.js';
import { configMapObject, endpointsObject, serviceObject } from './config-objects.js';
import { podObject } from './pod-object.js';
import { priorityClassObject } from './priority-class.js';
import { secretObject } from './secret-object.js';
import { serviceAccountObject } from './service-account.js';
import { deploymentObject, namespaceObject, replicaSetObject } from './workload-objects.js';

type Meta = { meta: { namespace: string; name: string } };

const each = <V>(views: Iterable<V>, render: (view: V) => unknown, where: (view: V) => { namespace?: string; name: string }): ObjectAtPoint[] =>
  [...views].map((view) => ({ ...where(view), object: render(view) }));
const byMeta = <V extends Meta>(render: (view: V) => unknown) => (views: Iterable<V>) => each(views, render, (v) => ({ namespace: v.meta.namespace, name: v.meta.name }));

const digest = (value: string) => `sha256:${createHash('sha256').update(value).digest('hex')}`;
const digested = (values: Readonly<Record<string, string>>, which: (key: string) => boolean) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, which(key) ? digest(value) : value]));

/**
 * A Secret with a digest of each value in place of the value: values are sealed anew on every change (a fresh
 * nonce), so ciphertexts differ where the values do not; digests differ only where they do, and say nothing of them.
 * Once its key is destroyed (the secret was deleted) only the ciphertext is left to compare.
 */
async function secretWithDigests(keys: SecretKeyStore, view: SecretView) {
  const opened = await openSecretValues(keys, view);
  if (!opened) return secretObject(view, { data: view.encryptedData, annotations: view.meta.annotations });
  return secretObject(view, { data: digested(opened.data, () => true), annotations: digested(opened.annotations, (key) => SEALED_ANNOTATIONS.includes(key)) });
}

/**
 * Every kind's objects in a set of read models, rendered as the API serves them, but from those models alone: no
 * live heartbeat (heartbeats are not events), a pod's hostIP from the node as it was then; a Secret's values as digests.
 */
const objectsOfKinds = (keys: SecretKeyStore): Readonly<Record<string, (models: ReadModels) => ObjectAtPoint[] | Promise<ObjectAtPoint[]>>> => ({
  Node: (m) => each(m.nodes.values(), (v) => nodeObject(v, undefined), (v) => ({ name: v.name })),
  Namespace: (m) => each(m.namespaces.values(), namespaceObject, (v) => ({ name: v.meta.name })),
  Pod: (m) => byMeta((v: Parameters<typeof podObject>[0]) => {
    const hostIP = m.nodes.get(v.nodeName ?? '')?.addresses.find((a) => a.type === 'InternalIP')?.address;
    return podObject(v, hostIP ? { hostIP } : {});
  })(m.pods.values()),
  ReplicaSet: (m) => byMeta(replicaSetObject)(m.replicaSets.values()),
  Deployment: (m) => byMeta(deploymentObject)(m.deployments.values()),
  Service: (m) => byMeta(serviceObject)(m.services.values()),
  Endpoints: (m) => each(m.endpoints.values(), (v) => endpointsObject(v, m.services.get(namespacedKey(v.namespace, v.name))), (v) => ({ namespace: v.namespace, name: v.name })),
  ConfigMap: (m) => byMeta(configMapObject)(m.configMaps.values()),
  Secret: async (m) => Promise.all([...m.secrets.values()].map(async (v) => ({ namespace: v.meta.namespace, name: v.meta.name, object: await secretWithDigests(keys, v) }))),
  ServiceAccount: (m) => byMeta(serviceAccountObject)(m.serviceAccounts.values()),
  Job: (m) => byMeta(jobObject)(m.jobs.values()),
  PriorityClass: (m) => each(m.priorityClasses.values(), priorityClassObject, (v) => ({ name: v.meta.name })),
});

/** How the objects of a kind (named as in STREAMED_KINDS) are read from a set of read models; undefined for a kind kes does not compare. */
export function objectsAt(kind: string, keys: SecretKeyStore): ObjectsOfKind | undefined {
  const of = objectsOfKinds(keys)[kind];
  return of && (async (models) => of(models));
}
