import type { JobView } from '../../../../application/projections/workload-views.js';
import { age, humanDuration } from '../duration.js';
import type { Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import { labelSelectorObject, objectMetadata, templateObject } from './pod-spec-object.js';
import { rowOf, tableOf } from './pod-table.js';
import { formatLabelSelector } from './workload-tables.js';
import type { K8sLabelSelector, K8sObjectMeta, K8sPodTemplate } from './workload-types.js';

export type K8sJobCondition = { type: string; status: string; reason: string; message: string; lastProbeTime: string; lastTransitionTime: string };

export type K8sJob = {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: K8sObjectMeta;
  spec: {
    parallelism: number;
    completions: number;
    backoffLimit: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    selector: K8sLabelSelector;
    manualSelector?: boolean;
    template: K8sPodTemplate;
    completionMode: 'NonIndexed';
    suspend: boolean;
    podReplacementPolicy: 'TerminatingOrFailed';
  };
  status: {
    active?: number;
    succeeded?: number;
    failed?: number;
    ready: number;
    startTime?: string;
    completionTime?: string;
    conditions?: K8sJobCondition[];
  };
};

const positive = (field: string, n: number) => (n > 0 ? { [field]: n } : {});

/** A Job view as a batch/v1 Job: its spec with Kubernetes' defaults; zero counts left out as Kubernetes does. */
export function jobObject(view: JobView): K8sJob {
  const { spec, status } = view;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...objectMetadata(view.meta, view.resourceVersion), generation: view.generation },
    spec: {
      parallelism: spec.parallelism,
      completions: spec.completions,
      ...(spec.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
      backoffLimit: spec.backoffLimit,
      selector: labelSelectorObject(spec.selector),
      template: templateObject(spec.template),
      ...(spec.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished } : {}),
      completionMode: 'NonIndexed',
      suspend: spec.suspend,
      podReplacementPolicy: 'TerminatingOrFailed',
    },
    status: {
      ...(status.conditions.length > 0 ? { conditions: status.conditions.map((c) => ({ ...c, lastProbeTime: c.lastTransitionTime })) } : {}),
      ...(status.startTime ? { startTime: status.startTime } : {}),
      ...(status.completionTime ? { completionTime: status.completionTime } : {}),
      ...positive('active', status.active),
      ...positive('succeeded', status.succeeded),
      ...positive('failed', status.failed),
      ready: status.ready,
    },
  };
}

export const JOB_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Status', type: 'string', description: 'Status of the job.' },
  { name: 'Completions', type: 'string', description: 'The desired number of successfully finished pods the job should be run with.' },
  { name: 'Duration', type: 'string', description: 'Time required to complete the job.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.' },
  { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.' },
  { name: 'Selector', type: 'string', priority: 1, description: 'Label selector for pods.' },
];

const holds = (job: K8sJob, type: string) => (job.status.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** kubectl 1.32's STATUS of a Job (printJob): the first that holds of these. */
export function jobStatusText(job: K8sJob): string {
  if (holds(job, 'Complete')) return 'Complete';
  if (holds(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (holds(job, 'Suspended')) return 'Suspended';
  if (holds(job, 'FailureTarget')) return 'FailureTarget';
  if (holds(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** From startTime to completionTime, or to now while it runs; blank before it started. */
function duration(job: K8sJob, now: Date): string {
  if (!job.status.startTime) return '';
  const end = job.status.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(job.status.startTime));
}

export function jobTable(jobs: readonly K8sJob[], now: Date, resourceVersion: string): Table {
  const row = (job: K8sJob): TableRow => {
    const { metadata, spec, status } = job;
    const containers = spec.template.spec.containers;
    return rowOf([
      metadata.name, jobStatusText(job), `${status.succeeded ?? 0}/${spec.completions}`, duration(job, now), age(metadata.creationTimestamp, now),
      containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), formatLabelSelector(spec.selector),
    ], metadata);
  };
  return tableOf(JOB_COLUMNS, jobs.map(row), resourceVersion);
}
