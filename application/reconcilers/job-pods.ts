import { finishedAt, isFinished, type JobCounts } from '../../domain/job/job.js';
import type { CreatePod } from '../../domain/pod/pod.decide.js';
import type { JobView, PodView } from '../projections/workload-views.js';
import { deletionOrder, isActive, isReady } from './replicaset-pods.js';
import type { PlannedCommand } from './runner.js';

/** A fresh pod's name and uid (`<job>-<5 characters>`, a uid of its own). */
export type NewPodName = Readonly<{ name: string; uid: string }>;

// Kubernetes' back-off before a failed Job's pods are replaced: 10 s, doubled with each failure, at most 10 min.
const FAILURE_BACKOFF_MS = 10_000;
const MAX_FAILURE_BACKOFF_MS = 10 * 60_000;

/** When the Job may make pods again after its failures: the last failed container's end plus the back-off; undefined when it need not wait. */
export function retryAtMs(job: JobView, pods: readonly PodView[]): number | undefined {
  const ends = pods.filter((p) => p.phase === 'Failed')
    .flatMap((p) => p.containerStatuses.flatMap((c) => ('terminated' in c.state ? [Date.parse(c.state.terminated.finishedAt)] : [])))
    .filter(Number.isFinite);
  const failures = failuresOf(job, pods);
  return ends.length === 0 || failures === 0 ? undefined : Math.max(...ends) + Math.min(MAX_FAILURE_BACKOFF_MS, FAILURE_BACKOFF_MS * 2 ** (failures - 1));
}

const restartsOf = (pod: PodView) => pod.containerStatuses.reduce((n, c) => n + c.restartCount, 0);

/**
 * The failures that count against backoffLimit: failed pods, and with restartPolicy OnFailure the restarts of the
 * active ones' containers, as Kubernetes counts them.
 */
export function failuresOf(job: JobView, pods: readonly PodView[]): number {
  const failed = Math.max(job.status.failed, pods.filter((p) => p.phase === 'Failed').length);
  const restarts = job.spec.template.spec.restartPolicy === 'OnFailure' ? pods.filter(isActive).reduce((n, p) => n + restartsOf(p), 0) : 0;
  return failed + restarts;
}

/**
 * The Job controller's decision for one Job and its pods, at `nowMs`: keep up to `parallelism` pods running until
 * `completions` have succeeded, replacing failed ones after Kubernetes' back-off; fail after more than backoffLimit
 * failures or past activeDeadlineSeconds; once
 * finished, delete what still runs, and the Job itself ttlSecondsAfterFinished later. Succeeded and failed counts
 * never go down (pods may be deleted after they are counted).
 */
export function jobDecision(job: JobView, pods: readonly PodView[], nowMs: number, newPods: (count: number) => NewPodName[]): PlannedCommand[] {
  const active = pods.filter(isActive);
  const counts: JobCounts = {
    active: active.length,
    ready: active.filter(isReady).length,
    succeeded: Math.max(job.status.succeeded, pods.filter((p) => p.phase === 'Succeeded').length),
    failed: Math.max(job.status.failed, pods.filter((p) => p.phase === 'Failed').length),
    ...(job.status.startTime ? { startTime: job.status.startTime } : {}),
  };
  if (isFinished(job.status)) return [...deletePods(active, active.length), ...report(job, counts), ...expired(job, nowMs)];
  if (job.spec.suspend) return [...deletePods(active, active.length), ...report(job, { ...counts, ready: 0 })];

  const started = { ...counts, startTime: counts.startTime ?? new Date(nowMs).toISOString() };
  const ending = finishing(job, pods, started, nowMs);
  if (ending) return [...report(job, started), ending, ...deletePods(active, active.length)];

  const wanted = Math.max(0, Math.min(job.spec.parallelism, job.spec.completions - started.succeeded));
  const waiting = (retryAtMs(job, pods) ?? 0) > nowMs;
  const created = wanted > active.length && !waiting ? newPods(wanted - active.length).map((pod) => createPod(job, pod)) : [];
  const deleted = deletePods(active, active.length - wanted);
  return [...created, ...deleted, ...report(job, { ...started, active: active.length + created.length - deleted.length })];
}

/** CompleteJob or FailJob when the Job has just reached its end. */
function finishing(job: JobView, pods: readonly PodView[], counts: JobCounts, nowMs: number): PlannedCommand | undefined {
  const key = { namespace: job.meta.namespace, name: job.meta.name };
  if (counts.succeeded >= job.spec.completions) return { type: 'CompleteJob', data: key };
  if (failuresOf(job, pods) > job.spec.backoffLimit)
    return { type: 'FailJob', data: { ...key, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } };
  const deadline = deadlineMs(job, counts.startTime);
  if (deadline !== undefined && nowMs >= deadline)
    return { type: 'FailJob', data: { ...key, reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' } };
  return undefined;
}

const deadlineMs = (job: JobView, startTime: string | undefined) =>
  job.spec.activeDeadlineSeconds !== undefined && startTime ? Date.parse(startTime) + job.spec.activeDeadlineSeconds * 1000 : undefined;

const ttlExpiresMs = (job: JobView) => {
  const finished = finishedAt(job.status);
  return job.spec.ttlSecondsAfterFinished !== undefined && finished ? Date.parse(finished) + job.spec.ttlSecondsAfterFinished * 1000 : undefined;
};

/** The ttl-after-finished controller's part: a finished Job whose time to live is over is deleted. */
function expired(job: JobView, nowMs: number): PlannedCommand[] {
  const expires = ttlExpiresMs(job);
  return expires !== undefined && nowMs >= expires ? [{ type: 'DeleteJob', data: { namespace: job.meta.namespace, name: job.meta.name } }] : [];
}

/**
 * When to look at the Job again without a change: at its deadline or when its back-off after failures ends, or
 * when its time to live after finishing runs out.
 */
export function jobWakeInMs(job: JobView, pods: readonly PodView[], nowMs: number): number | undefined {
  const running = [deadlineMs(job, job.status.startTime), retryAtMs(job, pods)].filter((at): at is number => at !== undefined && at > nowMs);
  const at = isFinished(job.status) ? ttlExpiresMs(job) : job.spec.suspend ? undefined : running.length > 0 ? Math.min(...running) : undefined;
  return at === undefined ? undefined : Math.max(1, at - nowMs);
}

function report(job: JobView, counts: JobCounts): PlannedCommand[] {
  const unchanged = (['active', 'ready', 'succeeded', 'failed', 'startTime'] as const).every((field) => job.status[field] === counts[field]);
  return unchanged ? [] : [{ type: 'ReportJobStatus', data: { namespace: job.meta.namespace, name: job.meta.name, ...counts } }];
}

function createPod(job: JobView, { name, uid }: NewPodName): PlannedCommand {
  const { labels, annotations, spec } = job.spec.template;
  const owner = { kind: 'Job', name: job.meta.name, uid: job.meta.uid, controller: true };
  const data: CreatePod['data'] = { meta: { name, namespace: job.meta.namespace, uid, labels, annotations, ownerReferences: [owner] }, spec };
  return { type: 'CreatePod', data };
}

function deletePods(active: readonly PodView[], count: number): PlannedCommand[] {
  return count <= 0 ? [] : [...active].sort(deletionOrder).slice(0, count)
    .map((pod) => ({ type: 'DeletePod', data: { namespace: pod.meta.namespace, name: pod.meta.name } }));
}
