import { filter, from, map, merge, mergeMap, type Observable } from 'rxjs';
import { namespacedKey, splitNamespacedKey, type ObjectMeta, type OwnerReference } from '../../domain/shared/object-meta.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { namespacedSubject } from './reconcile-subject.js';
import type { PlannedCommand, Reconciler } from './runner.js';

/** The kinds that have owners, with how to find them and how to delete one. */
const DEPENDENTS = {
  ReplicaSet: { objects: (m: ReadModels) => m.replicaSets, deleteCommand: 'DeleteReplicaSet' },
  Pod: { objects: (m: ReadModels) => m.pods, deleteCommand: 'DeletePod' },
} as const;
type DependentKind = keyof typeof DEPENDENTS;

const dependentKey = (kind: DependentKind, key: string) => `${kind}/${key}`;
function splitDependentKey(key: string): { kind: DependentKind; objectKey: string } {
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash) as DependentKind, objectKey: key.slice(slash + 1) };
}

/** Whether the owner still exists, as that very object (same uid). An owner of a kind kes does not keep counts as present. */
function ownerExists(models: ReadModels, namespace: string, owner: OwnerReference): boolean {
  const key = namespacedKey(namespace, owner.name);
  if (owner.kind === 'Deployment') return models.deployments.get(key)?.meta.uid === owner.uid;
  if (owner.kind === 'ReplicaSet') return models.replicaSets.get(key)?.meta.uid === owner.uid;
  if (owner.kind === 'Job') return models.jobs.get(key)?.meta.uid === owner.uid;
  return true;
}

const orphaned = (models: ReadModels, meta: ObjectMeta) =>
  meta.ownerReferences.length > 0 && meta.ownerReferences.every((owner) => !ownerExists(models, meta.namespace, owner));

/**
 * Kubernetes' garbage collector with background propagation: an object all of whose owners are gone (a
 * ReplicaSet of a deleted Deployment, a pod of a deleted ReplicaSet or Job) is deleted in turn.
 */
export function garbageCollector(models: ReadModels, resyncMs = 30_000): Reconciler {
  const orphans = function* () {
    for (const kind of Object.keys(DEPENDENTS) as DependentKind[])
      for (const [key, view] of DEPENDENTS[kind].objects(models)) if (orphaned(models, view.meta)) yield dependentKey(kind, key);
  };
  const dependentsOf = (uid: string): string[] => [
    ...[...models.replicaSets].filter(([, rs]) => rs.meta.ownerReferences.some((o) => o.uid === uid)).map(([key]) => dependentKey('ReplicaSet', key)),
    ...[...(models.podIndex.byOwner.get(uid) ?? [])].map((key) => dependentKey('Pod', key)),
  ];
  const ownerGone = (changes: Observable<{ type: string; view: { meta: ObjectMeta } }>) =>
    changes.pipe(filter((c) => c.type === 'DELETED'), mergeMap((c) => from(dependentsOf(c.view.meta.uid))));

  const reconcile = (key: string): PlannedCommand[] => {
    const { kind, objectKey } = splitDependentKey(key);
    const view = DEPENDENTS[kind]?.objects(models).get(objectKey);
    if (!view || !orphaned(models, view.meta)) return [];
    if (kind === 'Pod' && models.pods.get(objectKey)?.status === 'terminating') return [];
    return [{ type: DEPENDENTS[kind].deleteCommand, data: splitNamespacedKey(objectKey) }];
  };

  return {
    name: 'garbage-collector',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: orphans,
    triggers: merge(
      ownerGone(changesOf(models, 'Deployment')),
      ownerGone(changesOf(models, 'ReplicaSet')),
      ownerGone(changesOf(models, 'Job')),
      changesOf(models, 'ReplicaSet').pipe(filter((c) => c.type !== 'DELETED'), map((c) => dependentKey('ReplicaSet', c.key))),
      changesOf(models, 'Pod').pipe(filter((c) => c.type === 'ADDED'), map((c) => dependentKey('Pod', c.key))),
    ),
    reconcile,
    causeOf: (key) => {
      // What made the object an orphan: the deletion of its owners, the latest of them.
      const { kind, objectKey } = splitDependentKey(key);
      const meta = DEPENDENTS[kind]?.objects(models).get(objectKey)?.meta;
      return meta && models.lastEvents.latestOf(meta.ownerReferences.map((o) => `${o.kind.toLowerCase()}-${namespacedKey(meta.namespace, o.name)}`));
    },
    subjectOf: (key) => {
      const { kind, objectKey } = splitDependentKey(key);
      return DEPENDENTS[kind] ? namespacedSubject(kind, DEPENDENTS[kind].objects(models))(objectKey) : undefined;
    },
  };
}
