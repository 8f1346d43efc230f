import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import { countProblems, metaProblems, selectorProblems, templateProblems, type NewObjectMeta } from '../replicaset/workload-spec.js';
import {
  evolveJob, initialJobState, isFinished,
  type Job, type JobCounts, type JobEvent, type JobFailureReason, type JobKey, type JobSpec, type JobState,
} from './job.js';

export type CreateJob = Command<'CreateJob', JobSpec & { meta: NewObjectMeta }>;
export type ReportJobStatus = Command<'ReportJobStatus', JobKey & JobCounts>;
export type CompleteJob = Command<'CompleteJob', JobKey>;
export type FailJob = Command<'FailJob', JobKey & { reason: JobFailureReason; message: string }>;
export type SuspendJob = Command<'SuspendJob', JobKey>;
export type ResumeJob = Command<'ResumeJob', JobKey>;
export type ChangeJobParallelism = Command<'ChangeJobParallelism', JobKey & { parallelism: number }>;
export type DeleteJob = Command<'DeleteJob', JobKey>;

export type JobCommand =
  | CreateJob | ReportJobStatus | CompleteJob | FailJob | SuspendJob | ResumeJob | ChangeJobParallelism | DeleteJob
  | MetadataCommand | ReportReconcileFailure;

type Decision = NewEvent<JobEvent>[];

const RESOURCE = 'jobs.batch';
const KIND = 'Job.batch';
/** A Job's pods run to an end: Kubernetes refuses `Always`. */
export const JOB_RESTART_POLICIES = ['OnFailure', 'Never'] as const;

function existing(state: JobState, name: string): Job {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.job;
}

const optionalCount = (value: number | undefined, field: string) => (value === undefined ? [] : countProblems(value, field));

/** What kube-apiserver checks of a new Job (its template as a ReplicaSet's, but with OnFailure or Never). */
export function jobProblems(data: CreateJob['data']): FieldCause[] {
  return [
    ...metaProblems(data.meta),
    ...countProblems(data.completions, 'spec.completions'),
    ...countProblems(data.parallelism, 'spec.parallelism'),
    ...countProblems(data.backoffLimit, 'spec.backoffLimit'),
    ...optionalCount(data.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished'),
    ...(data.activeDeadlineSeconds !== undefined && !(Number.isInteger(data.activeDeadlineSeconds) && data.activeDeadlineSeconds > 0)
      ? [{ field: 'spec.activeDeadlineSeconds', message: `Invalid value: ${data.activeDeadlineSeconds}: must be greater than 0` }] : []),
    ...selectorProblems(data.selector),
    ...templateProblems(data.template, data.selector, JOB_RESTART_POLICIES),
  ];
}

function create(command: CreateJob, state: JobState): Decision {
  const { data } = command;
  const causes = jobProblems(data);
  if (causes.length > 0) throw invalid(KIND, data.meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, data.meta.name);
  const meta = { ...data.meta, creationTimestamp: command.metadata.at };
  const suspended: Decision = data.suspend ? [{ type: 'JobSuspended', data: { namespace: meta.namespace, name: meta.name, at: command.metadata.at } }] : [];
  return [{ type: 'JobCreated', data: { ...data, meta } }, ...suspended];
}

function reportStatus(data: ReportJobStatus['data'], state: JobState): Decision {
  const { status } = existing(state, data.name);
  const causes = (['active', 'ready', 'succeeded', 'failed'] as const).flatMap((field) => countProblems(data[field], `status.${field}`));
  if (data.ready > data.active) causes.push({ field: 'status.ready', message: 'cannot be greater than status.active' });
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  const unchanged = (['active', 'ready', 'succeeded', 'failed', 'startTime'] as const).every((field) => status[field] === data[field]);
  return unchanged ? [] : [{ type: 'JobStatusReported', data }];
}

/** Finishing is once: a Job that completed or failed stays so (a repeated command appends nothing). */
function finish(command: CompleteJob | FailJob, state: JobState): Decision {
  const job = existing(state, command.data.name);
  if (isFinished(job.status)) return [];
  const at = command.metadata.at;
  return command.type === 'CompleteJob' ? [{ type: 'JobCompleted', data: { ...command.data, at } }] : [{ type: 'JobFailed', data: { ...command.data, at } }];
}

function suspension(command: SuspendJob | ResumeJob, state: JobState): Decision {
  const job = existing(state, command.data.name);
  const suspend = command.type === 'SuspendJob';
  if (job.spec.suspend === suspend || isFinished(job.status)) return [];
  const data = { ...command.data, at: command.metadata.at };
  return suspend ? [{ type: 'JobSuspended', data }] : [{ type: 'JobResumed', data }];
}

function changeParallelism(data: ChangeJobParallelism['data'], state: JobState): Decision {
  const job = existing(state, data.name);
  const causes = countProblems(data.parallelism, 'spec.parallelism');
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  return job.spec.parallelism === data.parallelism ? [] : [{ type: 'JobParallelismChanged', data }];
}

export function decideJob(command: JobCommand, state: JobState): Decision {
  switch (command.type) {
    case 'CreateJob':
      return create(command, state);
    case 'ReportJobStatus':
      return reportStatus(command.data, state);
    case 'CompleteJob':
    case 'FailJob':
      return finish(command, state);
    case 'SuspendJob':
    case 'ResumeJob':
      return suspension(command, state);
    case 'ChangeJobParallelism':
      return changeParallelism(command.data, state);
    case 'DeleteJob':
      existing(state, command.data.name);
      return [{ type: 'JobDeleted', data: command.data }];
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'ReportReconcileFailure':
      return decideReconcileFailure(command, existing(state, command.data.name));
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown job command ${(unknown as Command).type}`);
    }
  }
}

export const jobDecider: Decider<JobState, JobCommand, JobEvent> = {
  decide: decideJob,
  evolve: evolveJob,
  initialState: initialJobState,
};


