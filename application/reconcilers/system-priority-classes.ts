import { map } from 'rxjs';
import { priorityClassStream, SYSTEM_PRIORITY_CLASSES } from '../../domain/priorityclass/priorityclass.js';
import type { IdGenerator } from '../ports/ids.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import type { PlannedCommand, Reconciler } from './runner.js';

/**
 * The system PriorityClasses every cluster has (system-node-critical, system-cluster-critical), which kube-apiserver
 * makes as it starts: made here once the read models show them missing. They cannot be deleted. Keyed by class name.
 */
export function systemPriorityClasses(models: ReadModels, ids: IdGenerator, resyncMs = 30_000): Reconciler {
  const reconcile = (name: string): PlannedCommand[] => {
    const settings = SYSTEM_PRIORITY_CLASSES.get(name);
    if (!settings || models.priorityClasses.has(name)) return [];
    const meta = { name, namespace: '', uid: ids.newId(), labels: {}, annotations: {}, ownerReferences: [] };
    return [{ type: 'CreatePriorityClass', data: { meta, ...settings } }];
  };
  return {
    name: 'system-priority-classes',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => SYSTEM_PRIORITY_CLASSES.keys(),
    triggers: changesOf(models, 'PriorityClass').pipe(map((c) => c.key)),
    reconcile,
    subjectOf: () => undefined,
    causeOf: (name) => models.lastEvents.latestOf([priorityClassStream(name)]),
  };
}
