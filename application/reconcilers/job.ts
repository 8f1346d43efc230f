import { map, merge, mergeMap } from 'rxjs';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { JobView } from '../projections/workload-views.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import { CONTROLLER_MANAGER } from '../commands/authorize.js';
import { lastEventOf } from './causes.js';
import { jobDecision, jobWakeInMs, type NewPodName } from './job-pods.js';
import { namespacedSubject } from './reconcile-subject.js';
import { podNameFor } from './replicaset-names.js';
import { controllerKey, podsOwnedBy } from './replicaset-pods.js';
import type { Reconciler } from './runner.js';

/**
 * The Job controller (with the ttl-after-finished controller's part): woken by a Job's changes and its pods',
 * it decides from the Job and every pod it controls (job-pods.ts). Run it with the runner's `caughtUp`, so it
 * sees the pods it created before it counts again.
 */
export function jobController(models: ReadModels, ids: IdGenerator, clock: Pick<Clock, 'nowMs'>, resyncMs = 30_000): Reconciler {
  const jobKeys = changesOf(models, 'Job').pipe(map((change) => change.key));
  const podOwnerKeys = changesOf(models, 'Pod').pipe(mergeMap((change) => {
    const owner = controllerKey(change.view.meta, 'Job');
    return owner === undefined ? [] : [owner];
  }));
  return {
    name: 'job-controller',
    actor: CONTROLLER_MANAGER,
    resyncMs,
    keys: () => models.jobs.keys(),
    triggers: merge(jobKeys, podOwnerKeys),
    reconcile: (key) => {
      const job = models.jobs.get(key);
      return job ? jobDecision(job, podsOwnedBy(models, job.meta.uid), clock.nowMs(), freshNames(models, ids, job)) : [];
    },
    requeueAfterMs: (key) => {
      const job = models.jobs.get(key);
      return job ? jobWakeInMs(job, podsOwnedBy(models, job.meta.uid), clock.nowMs()) : undefined;
    },
    subjectOf: namespacedSubject('Job', models.jobs),
    causeOf: lastEventOf(models, 'job'),
  };
}

/** `count` names no pod of the namespace has, each with a fresh uid. */
const freshNames = (models: ReadModels, ids: IdGenerator, job: JobView) => (count: number): NewPodName[] => {
  const names: NewPodName[] = [];
  while (names.length < count) {
    const uid = ids.newId();
    const name = podNameFor(job, uid);
    if (names.some((n) => n.name === name) || models.pods.has(namespacedKey(job.meta.namespace, name))) continue;
    names.push({ name, uid });
  }
  return names;
};
