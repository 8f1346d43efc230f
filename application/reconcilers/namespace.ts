import { map, merge } from 'rxjs';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { clusterSubject } from './reconcile-subject.js';
import { lastEventOf } from './causes.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { splitNamespacedKey, namespaceOfKey } from '../../domain/shared/object-meta.js';

/** Every namespaced kind but pods (which go gracefully, and are counted until their kubelet confirms), with how to delete one. */
const NAMESPACED = [
  { kind: 'Deployment', keys: (m: ReadModels) => m.deployments.keys(), deleteCommand: 'DeleteDeployment' },
  { kind: 'ReplicaSet', keys: (m: ReadModels) => m.replicaSets.keys(), deleteCommand: 'DeleteReplicaSet' },
  { kind: 'Service', keys: (m: ReadModels) => m.services.keys(), deleteCommand: 'DeleteService' },
  { kind: 'Endpoints', keys: (m: ReadModels) => m.endpoints.keys(), deleteCommand: 'DeleteEndpoints' },
  { kind: 'ConfigMap', keys: (m: ReadModels) => m.configMaps.keys(), deleteCommand: 'DeleteConfigMap' },
  { kind: 'Secret', keys: (m: ReadModels) => m.secrets.keys(), deleteCommand: 'DeleteSecret' },
  { kind: 'ServiceAccount', keys: (m: ReadModels) => m.serviceAccounts.keys(), deleteCommand: 'DeleteServiceAccount' },
  { kind: 'Job', keys: (m: ReadModels) => m.jobs.keys(), deleteCommand: 'DeleteJob' },
] as const;

const inNamespace = (namespace: string, keys: Iterable<string>) => [...keys].filter((key) => key.startsWith(`${namespace}.`));

/**
 * Kubernetes' namespace controller: a Terminating namespace has everything in it deleted — Deployments,
 * ReplicaSets, Services, Endpoints, ConfigMaps, Secrets, ServiceAccounts, Jobs, pods (gracefully) — and is finalized once nothing is left.
 */
export function namespaceController(models: ReadModels, resyncMs = 30_000): Reconciler {
  const reconcile = (name: string): PlannedCommand[] => {
    if (models.namespaces.get(name)?.phase !== 'Terminating') return [];
    const objects = NAMESPACED.flatMap(({ keys, deleteCommand }) => inNamespace(name, keys(models)).map((key) => ({ type: deleteCommand, data: splitNamespacedKey(key) })));
    const podKeys = [...(models.podIndex.byNamespace.get(name) ?? [])];
    const pods = podKeys.filter((key) => models.pods.get(key)?.status !== 'terminating').map((key) => ({ type: 'DeletePod', data: splitNamespacedKey(key) }));
    const remaining = objects.length + podKeys.length;
    return remaining === 0 ? [{ type: 'FinalizeNamespace', data: { name } }] : [...objects, ...pods];
  };
  return {
    name: 'namespace',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => [...models.namespaces].filter(([, ns]) => ns.phase === 'Terminating').map(([name]) => name),
    triggers: merge(
      changesOf(models, 'Namespace').pipe(map((c) => c.key)),
      changesOf(models, 'Pod').pipe(map((c) => namespaceOfKey(c.key))),
      ...NAMESPACED.map(({ kind }) => changesOf(models, kind).pipe(map((c) => namespaceOfKey(c.key)))),
    ),
    reconcile,
    subjectOf: clusterSubject('Namespace', models.namespaces),
    causeOf: lastEventOf(models, 'namespace'),
  };
}
