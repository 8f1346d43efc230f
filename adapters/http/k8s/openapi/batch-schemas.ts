import { BATCH, bool, CORE, int32, int64, keyedList, kind, META, object, ref, text, time, type Schemas } from './schema.js';

/** batch/v1 Job. */
export const BATCH_SCHEMAS: Schemas = {
  [`${BATCH}.Job`]: kind({ group: 'batch', version: 'v1', kind: 'Job' }, 'Job represents the configuration of a single job.', {
    spec: ref(`${BATCH}.JobSpec`, 'Specification of the desired behavior of a job.'),
    status: ref(`${BATCH}.JobStatus`, 'Current status of a job.'),
  }),
  [`${BATCH}.JobSpec`]: object('JobSpec describes how the job execution will look like.', {
    activeDeadlineSeconds: int64('Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.'),
    backoffLimit: int32('Specifies the number of retries before marking this job failed. Defaults to 6.'),
    completionMode: text('completionMode specifies how Pod completions are tracked. kes runs NonIndexed Jobs only.'),
    completions: int32('Specifies the desired number of successfully finished pods the job should be run with. Defaults to 1.'),
    manualSelector: bool('manualSelector controls generation of pod labels and pod selectors.'),
    parallelism: int32('Specifies the maximum desired number of pods the job should run at any given time. Defaults to 1.'),
    podReplacementPolicy: text('Accepted, not acted on by kes: failed pods are replaced once they are Failed.'),
    selector: ref(`${META}.LabelSelector`, 'A label query over pods that should match the pod count. Normally, the system sets this field for you.'),
    suspend: bool('suspend specifies whether the Job controller should create Pods or not. Defaults to false.'),
    template: ref(`${CORE}.PodTemplateSpec`, 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".'),
    ttlSecondsAfterFinished: int32('ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).'),
  }, ['template']),
  [`${BATCH}.JobStatus`]: object('JobStatus represents the current state of a Job.', {
    active: int32('The number of pending and running pods which are not terminating.'),
    completionTime: time('Represents time when the job was completed.'),
    conditions: keyedList(ref(`${BATCH}.JobCondition`), 'type', "The latest available observations of an object's current state."),
    failed: int32('The number of pods which reached phase Failed.'),
    ready: int32('The number of active pods which have a Ready condition.'),
    startTime: time('Represents time when the job controller started processing a job.'),
    succeeded: int32('The number of pods which reached phase Succeeded.'),
  }),
  [`${BATCH}.JobCondition`]: object('JobCondition describes current state of a job.', {
    lastProbeTime: time(),
    lastTransitionTime: time(),
    message: text(),
    reason: text(),
    status: text(),
    type: text(),
  }, ['type', 'status']),
};
