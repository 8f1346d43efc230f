import { evolveJob, initialJobState, type Job, type JobEvent, type JobState } from '../../domain/job/job.js';
import { evolveDeployment, initialDeploymentState, type Deployment, type DeploymentEvent, type DeploymentState } from '../../domain/deployment/deployment.js';
import { evolveNamespace, initialNamespaceState, type NamespaceEvent, type NamespaceMeta, type NamespaceState } from '../../domain/namespace/namespace.js';
import { evolvePod, initialPodState, type Pod, type PodEvent, type PodState } from '../../domain/pod/pod.js';
import { evolveReplicaSet, initialReplicaSetState, type ReplicaSet, type ReplicaSetEvent, type ReplicaSetState } from '../../domain/replicaset/replicaset.js';
import type { Event, RecordedEvent } from '../../domain/shared/event.js';
import { ViewTable } from './view-table.js';

type Versioned = Readonly<{ resourceVersion: number }>;

export type PodView = Pod & Versioned & Readonly<{ status: 'pending' | 'bound' | 'terminating' }>;
export type ReplicaSetView = ReplicaSet & Versioned;
export type DeploymentView = Deployment & Versioned;
export type NamespaceView = Readonly<{ meta: NamespaceMeta; phase: 'Active' | 'Terminating'; deletionTimestamp?: string }> & Versioned;

const at = (event: RecordedEvent) => ({ resourceVersion: event.position });

export const podViews = () =>
  new ViewTable<PodState, PodView>(
    (s, e: Event) => evolvePod(s, e as PodEvent),
    initialPodState,
    (s, e) => ('pod' in s ? { ...s.pod, status: s.status, ...at(e) } : undefined),
  );

export const replicaSetViews = () =>
  new ViewTable<ReplicaSetState, ReplicaSetView>(
    (s, e: Event) => evolveReplicaSet(s, e as ReplicaSetEvent),
    initialReplicaSetState,
    (s, e) => (s.status === 'active' ? { ...s.replicaSet, ...at(e) } : undefined),
  );

export const deploymentViews = () =>
  new ViewTable<DeploymentState, DeploymentView>(
    (s, e: Event) => evolveDeployment(s, e as DeploymentEvent),
    initialDeploymentState,
    (s, e) => (s.status === 'active' ? { ...s.deployment, ...at(e) } : undefined),
  );

export const namespaceViews = () =>
  new ViewTable<NamespaceState, NamespaceView>(
    (s, e: Event) => evolveNamespace(s, e as NamespaceEvent),
    initialNamespaceState,
    (s, e) => {
      if (s.status === 'active') return { meta: s.meta, phase: 'Active', ...at(e) };
      if (s.status === 'terminating') return { meta: s.meta, phase: 'Terminating', deletionTimestamp: s.deletionTimestamp, ...at(e) };
      return undefined;
    },
  );

export type JobView = Job & Versioned;

export const jobViews = () =>
  new ViewTable<JobState, JobView>(
    (s, e: Event) => evolveJob(s, e as JobEvent),
    initialJobState,
    (s, e) => (s.status === 'active' ? { ...s.job, ...at(e) } : undefined),
  );
