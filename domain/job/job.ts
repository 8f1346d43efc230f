import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';
import type { Selector } from '../shared/selectors.js';
import type { PodTemplate } from '../pod/pod-spec.js';

/** batch/v1 Job's spec, defaults filled in (completions 1, parallelism 1, backoffLimit 6, suspend false). */
export type JobSpec = Readonly<{
  template: PodTemplate;
  selector: Selector;
  completions: number;
  parallelism: number;
  backoffLimit: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend: boolean;
}>;

export type JobConditionType = 'Complete' | 'Failed' | 'SuccessCriteriaMet' | 'FailureTarget' | 'Suspended';
export type JobCondition = Readonly<{ type: JobConditionType; status: 'True' | 'False'; reason: string; message: string; lastTransitionTime: string }>;

/** The pods counted by the job controller: `active` running or pending, `ready` of them Ready; `startTime` of the first sync not suspended. */
export type JobCounts = Readonly<{ active: number; ready: number; succeeded: number; failed: number; startTime?: string }>;
export type JobStatus = JobCounts & Readonly<{ completionTime?: string; conditions: readonly JobCondition[] }>;
export type JobKey = Readonly<{ namespace: string; name: string }>;
export type JobFailureReason = 'BackoffLimitExceeded' | 'DeadlineExceeded';

/** A Job was created: its spec with Kubernetes' defaults, and its metadata. */
export type JobCreated = Event<'JobCreated', JobSpec & { meta: ObjectMeta }>;
/** The controller counted the Job's pods differently from the last count. */
export type JobStatusReported = Event<'JobStatusReported', JobKey & JobCounts>;
/** `completions` pods succeeded: Kubernetes' SuccessCriteriaMet and Complete conditions, at `at`. */
export type JobCompleted = Event<'JobCompleted', JobKey & { at: string }>;
/** The Job gave up: too many failed pods, or it ran past activeDeadlineSeconds. */
export type JobFailed = Event<'JobFailed', JobKey & { reason: JobFailureReason; message: string; at: string }>;
/** spec.suspend became true: the Job's active pods are deleted, and none are made until it is resumed. */
export type JobSuspended = Event<'JobSuspended', JobKey & { at: string }>;
/** spec.suspend became false: the Job runs pods again, its startTime counted anew. */
export type JobResumed = Event<'JobResumed', JobKey & { at: string }>;
/** How many pods the Job may run at once. */
export type JobParallelismChanged = Event<'JobParallelismChanged', JobKey & { parallelism: number }>;
/** The Job is gone; the garbage collector deletes its pods (unless they were orphaned). */
export type JobDeleted = Event<'JobDeleted', JobKey>;

export type JobEvent =
  | JobCreated | JobStatusReported | JobCompleted | JobFailed | JobSuspended | JobResumed | JobParallelismChanged | JobDeleted
  | MetadataEvent | ReconcileFailed;

export type Job = Readonly<{ meta: ObjectMeta; spec: JobSpec; generation: number; status: JobStatus }> & ReportedFailures;

export type JobState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; job: Job }>
  | Readonly<{ status: 'deleted' }>;

export const jobStream = (namespace: string, name: string) => `job-${namespacedKey(namespace, name)}`;
export const initialJobState = (): JobState => ({ status: 'absent' });

const NOTHING_COUNTED: JobStatus = { active: 0, ready: 0, succeeded: 0, failed: 0, conditions: [] };

/** The condition of this type that holds, if any. */
export const conditionOf = (status: JobStatus, type: JobConditionType) => status.conditions.find((c) => c.type === type && c.status === 'True');
/** Complete or Failed: the Job will run no more pods. */
export const isFinished = (status: JobStatus) => conditionOf(status, 'Complete') !== undefined || conditionOf(status, 'Failed') !== undefined;
/** When the Job finished (its Complete or Failed condition's time). */
export const finishedAt = (status: JobStatus) => (conditionOf(status, 'Complete') ?? conditionOf(status, 'Failed'))?.lastTransitionTime;

const withCondition = (status: JobStatus, condition: JobCondition): JobStatus =>
  ({ ...status, conditions: [...status.conditions.filter((c) => c.type !== condition.type), condition] });

export function evolveJob(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobCreated': {
      const { meta, ...spec } = event.data;
      return { status: 'active', job: { meta, spec, generation: 1, status: NOTHING_COUNTED } };
    }
    case 'JobDeleted':
      return { status: 'deleted' };
    default:
      return state.status === 'active' ? { status: 'active', job: changed(state.job, event) } : state;
  }
}

function changed(job: Job, event: Exclude<JobEvent, JobCreated | JobDeleted>): Job {
  switch (event.type) {
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return { ...job, meta: evolveMetadata(job.meta, event) };
    case 'ReconcileFailed':
      return evolveReconcileFailure(job, event);
    case 'JobStatusReported': {
      const { namespace: _ns, name: _name, ...counts } = event.data;
      return { ...job, status: { ...job.status, ...counts } };
    }
    case 'JobCompleted': {
      const at = event.data.at;
      const met = { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: at } as const;
      const complete = { ...met, type: 'Complete' } as const;
      return { ...job, status: withCondition(withCondition({ ...job.status, active: 0, ready: 0, completionTime: at }, met), complete) };
    }
    case 'JobFailed': {
      const { reason, message, at } = event.data;
      const target = { type: 'FailureTarget', status: 'True', reason, message, lastTransitionTime: at } as const;
      return { ...job, status: withCondition(withCondition({ ...job.status, active: 0, ready: 0 }, target), { ...target, type: 'Failed' }) };
    }
    case 'JobSuspended': {
      const suspended = { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastTransitionTime: event.data.at } as const;
      return { ...job, spec: { ...job.spec, suspend: true }, generation: job.generation + 1, status: withCondition(job.status, suspended) };
    }
    case 'JobResumed': {
      const resumed = { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: event.data.at } as const;
      // As Kubernetes: a resumed Job's startTime starts again (activeDeadlineSeconds counts from it).
      const { startTime: _dropped, ...status } = job.status;
      return { ...job, spec: { ...job.spec, suspend: false }, generation: job.generation + 1, status: withCondition(status, resumed) };
    }
    case 'JobParallelismChanged':
      return { ...job, spec: { ...job.spec, parallelism: event.data.parallelism }, generation: job.generation + 1 };
  }
}
