import { parseJobManifest } from '../../../application/manifests/job-manifest.js';
import type { CreateJob } from '../../../domain/job/job.decide.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import { BATCH_V1_SCHEMAS } from '../k8s/openapi/documents.js';
import { BATCH } from '../k8s/openapi/schema.js';
import { jobObject, jobTable, type K8sJob } from '../k8s/objects/job-object.js';
import { labelSelectorObject, templateObject } from '../k8s/objects/pod-spec-object.js';
import type { NamespacedObjects } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';
import type { KindNames } from './object-requests.js';
import { orphaningDependents } from './orphans.js';
import { immutable, same, unchangeable, type UpdatePlan } from './object-update.js';

const JOB: KindNames = { kind: 'Job', plural: 'jobs', group: 'batch' };

type Named = { namespace: string; name: string };
type Data = CreateJob['data'];

const NOT_YET = 'kes cannot change it once the Job exists; delete the Job and create it again';

/**
 * What a PUT or PATCH of a Job amounts to: parallelism and suspend change; selector, template and completions are
 * immutable, as in Kubernetes; the rest kes does not change yet.
 */
export function planJobUpdate(key: Named, before: Data, after: Data): UpdatePlan {
  const fixed = (['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const)
    .filter((field) => before[field] !== after[field]).map((field) => unchangeable(`spec.${field}`, NOT_YET));
  return {
    causes: [
      ...(same(before.selector, after.selector) ? [] : [immutable('spec.selector', labelSelectorObject(after.selector))]),
      ...(same(before.template, after.template) ? [] : [immutable('spec.template', templateObject(after.template))]),
      ...(before.completions === after.completions ? [] : [immutable('spec.completions', after.completions)]),
      ...fixed,
    ],
    commands: [
      ...(before.parallelism === after.parallelism ? [] : [{ type: 'ChangeJobParallelism', data: { ...key, parallelism: after.parallelism } }]),
      ...(before.suspend === after.suspend ? [] : [{ type: after.suspend ? 'SuspendJob' : 'ResumeJob', data: key }]),
    ],
  };
}

/** batch/v1 Jobs; a DELETE may orphan their pods, or leaves them to the garbage collector. */
export function jobs(): NamespacedObjects<'Job', K8sJob, Data> {
  return {
    ...JOB,
    model: 'Job',
    prefix: '/apis/batch/v1',
    listKind: 'JobList',
    apiVersion: 'batch/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace', 'status.successful'],
    entries: (models, namespace) => namespacedEntries(models.jobs, namespace),
    find: (models, namespace, name) => models.jobs.get(namespacedKey(namespace, name)),
    render: jobObject,
    table: jobTable,
    labels: (view) => view.meta.labels,
    fields: (view) => ({ 'metadata.name': view.meta.name, 'metadata.namespace': view.meta.namespace, 'status.successful': String(view.status.succeeded) }),
    schemas: BATCH_V1_SCHEMAS,
    schema: `${BATCH}.Job`,
    parse: parseJobManifest,
    createCommand: 'CreateJob',
    deleteCommand: 'DeleteJob',
    plan: planJobUpdate,
    deleteAnswer: 'status',
    deleting: orphaningDependents('OrphanPod', (deps) => deps.models.pods.values()),
    statusKeptBy: 'the job controller reports it',
  };
}
