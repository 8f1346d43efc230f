import type { K8sEvent } from '../../http/k8s/k8s-types.js';
import { humanDuration } from '../../http/k8s/duration.js';
import type { K8sJob } from '../../http/k8s/objects/job-object.js';
import type { K8sPod } from '../../http/k8s/objects/workload-types.js';
import { podTemplateLines } from './describe-containers.js';
import { describeText, eventLines } from './describe-text.js';
import { controlledWorkloadLines } from './describe-workloads.js';
import { rfc1123z } from './time.js';

/** `kubectl describe job`; `pods` are the pods it controls (undefined when they could not be listed). */
export function describeJob(job: K8sJob, pods: readonly K8sPod[] | undefined, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { spec, status } = job;
  const active = (pods ?? []).filter((p) => p.status.phase === 'Pending' || p.status.phase === 'Running').length;
  const end = status.completionTime ? Date.parse(status.completionTime) : now.getTime();
  const lines = [
    ...controlledWorkloadLines(job),
    `Parallelism:\t${spec.parallelism}`,
    `Completions:\t${spec.completions}`,
    `Completion Mode:\t${spec.completionMode}`,
    `Suspend:\t${spec.suspend}`,
    `Backoff Limit:\t${spec.backoffLimit}`,
    ...(spec.ttlSecondsAfterFinished !== undefined ? [`TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}`] : []),
    ...(spec.activeDeadlineSeconds !== undefined ? [`Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s`] : []),
    ...(status.startTime ? [`Start Time:\t${rfc1123z(status.startTime)}`] : []),
    ...(status.completionTime ? [`Completed At:\t${rfc1123z(status.completionTime)}`] : []),
    ...(status.startTime ? [`Duration:\t${humanDuration(end - Date.parse(status.startTime))}`] : []),
    pods
      ? `Pods Statuses:\t${status.active ?? active} Active (${status.ready} Ready) / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`
      : 'Pods Statuses:\terror in fetching pods',
    ...podTemplateLines(spec.template),
    ...eventLines(events, now),
  ];
  return describeText(lines);
}
