import type { PodSpec } from '../../domain/pod/pod-spec.js';
import type { ReadModels } from '../projections/read-models.js';

const GUARDED = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?(secrets|configmaps)(?:\/([^/?]+))?\/?(?:\?.*)?$/;

type Reference = Readonly<{ resource: 'secrets' | 'configmaps'; name: string }>;

/** The secrets and configmaps a pod spec refers to, in volumes and in env. */
function references(spec: PodSpec): Reference[] {
  const fromVolumes = spec.volumes.flatMap((v): Reference[] =>
    'secret' in v ? [{ resource: 'secrets', name: v.secret.secretName }] : 'configMap' in v ? [{ resource: 'configmaps', name: v.configMap.name }] : [],
  );
  const fromEnv = spec.containers.flatMap((c) =>
    c.env.flatMap((e): Reference[] => {
      if (!('valueFrom' in e)) return [];
      if ('secretKeyRef' in e.valueFrom) return [{ resource: 'secrets', name: e.valueFrom.secretKeyRef.name }];
      if ('configMapKeyRef' in e.valueFrom) return [{ resource: 'configmaps', name: e.valueFrom.configMapKeyRef.name }];
      return [];
    }),
  );
  return [...fromVolumes, ...fromEnv];
}

function referencedByPodOf(models: ReadModels, node: string, namespace: string, resource: string, name: string): boolean {
  for (const key of models.podIndex.byNode.get(node) ?? []) {
    const pod = models.pods.get(key);
    if (pod?.meta.namespace === namespace && references(pod.spec).some((r) => r.resource === resource && r.name === name)) return true;
  }
  return false;
}

/**
 * Kubernetes' Node authorizer for reads: a node may read a Secret or a ConfigMap only when a pod bound to it
 * refers to it, and may not list or watch them; everything else it may read. Undefined when allowed, else
 * why not, in Kubernetes' words.
 */
export function nodeReadRefusal(models: ReadModels, node: string, url: string): string | undefined {
  const match = GUARDED.exec(url);
  if (!match) return undefined;
  const [, namespace, resource, name] = match;
  const user = `User "system:node:${node}"`;
  if (!namespace || !name) return `${user} cannot list resource "${resource}" in API group "": a node may read only the ${resource} its pods refer to, one at a time`;
  if (referencedByPodOf(models, node, namespace, resource, decodeURIComponent(name))) return undefined;
  return `${user} cannot get resource "${resource}" in API group "" in the namespace "${namespace}": no relationship found between node '${node}' and this object`;
}
