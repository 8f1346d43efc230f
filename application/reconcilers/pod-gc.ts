import { from, map, merge, mergeMap } from 'rxjs';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { namespacedSubject } from './reconcile-subject.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';


/** Kubernetes' pod garbage collector, for orphans: a pod bound to a node that no longer exists is deleted. */
export function podGarbageCollector(models: ReadModels, resyncMs = 20_000): Reconciler {
  const orphans = () => [...models.podIndex.byNode].filter(([node]) => !models.nodes.has(node)).flatMap(([, keys]) => [...keys]);
  return {
    name: 'pod-gc',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: orphans,
    triggers: merge(
      changesOf(models, 'Node').pipe(mergeMap((c) => from(c.type === 'DELETED' ? [...(models.podIndex.byNode.get(c.key) ?? [])] : []))),
      changesOf(models, 'Pod').pipe(map((c) => c.key)),
    ),
    reconcile: (key): PlannedCommand[] => {
      const pod = models.pods.get(key);
      if (!pod?.nodeName || models.nodes.has(pod.nodeName)) return [];
      return [{ type: 'ConfirmPodDeleted', data: { ...splitNamespacedKey(key), nodeGone: true } }];
    },
    subjectOf: namespacedSubject('Pod', models.pods),
    // The pod's node is gone: its deletion is what the pod is confirmed deleted for.
    causeOf: (key) => {
      const nodeName = models.pods.get(key)?.nodeName;
      return nodeName === undefined ? undefined : models.lastEvents.of(`node-${nodeName}`);
    },
  };
}
