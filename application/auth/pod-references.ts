import { allContainers, type PodSpec } from '../../domain/pod/pod-spec.js';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import type { ReadModels } from '../projections/read-models.js';

type Reference = Readonly<{ resource: 'secrets' | 'configmaps'; name: string }>;

/** The Secrets and ConfigMaps a pod spec refers to, in volumes, env and envFrom, of its containers and init containers. */
function references(spec: PodSpec): Reference[] {
  const fromVolumes = spec.volumes.flatMap((v): Reference[] =>
    'secret' in v ? [{ resource: 'secrets', name: v.secret.secretName }] : 'configMap' in v ? [{ resource: 'configmaps', name: v.configMap.name }] : [],
  );
  const fromEnvFrom = allContainers(spec).flatMap((c) =>
    (c.envFrom ?? []).flatMap((e): Reference[] => [
      ...(e.configMapRef ? [{ resource: 'configmaps' as const, name: e.configMapRef.name }] : []),
      ...(e.secretRef ? [{ resource: 'secrets' as const, name: e.secretRef.name }] : []),
    ]),
  );
  const fromEnv = allContainers(spec).flatMap((c) =>
    c.env.flatMap((e): Reference[] => {
      if (!('valueFrom' in e)) return [];
      if ('secretKeyRef' in e.valueFrom) return [{ resource: 'secrets', name: e.valueFrom.secretKeyRef.name }];
      if ('configMapKeyRef' in e.valueFrom) return [{ resource: 'configmaps', name: e.valueFrom.configMapKeyRef.name }];
      return [];
    }),
  );
  return [...fromVolumes, ...fromEnv, ...fromEnvFrom];
}

/** Whether a pod bound to `node` refers to this Secret or ConfigMap (Kubernetes' node–object relationship graph). */
export function usedByPodOn(models: ReadModels, node: string, namespace: string, resource: string, name: string): boolean {
  for (const key of models.podIndex.byNode.get(node) ?? []) {
    const pod = models.pods.get(key);
    if (pod?.meta.namespace === namespace && references(pod.spec).some((r) => r.resource === resource && r.name === name)) return true;
  }
  return false;
}

/** Whether the pod is bound to `node`. */
export function boundTo(models: ReadModels, node: string, namespace: string, name: string): boolean {
  const pod = models.pods.get(namespacedKey(namespace, name));
  return pod !== undefined && pod.nodeName === node;
}
