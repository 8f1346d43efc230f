import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { ConditionStatus } from '../node/node.js';
import type { Event } from '../shared/event.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import { withController } from '../shared/adoption.js';
import { namespacedKey, withoutOwner, type ObjectMeta, type OwnerReference } from '../shared/object-meta.js';
import type { PodSpec } from './pod-spec.js';

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed'] as const;
export type PodPhase = (typeof POD_PHASES)[number];
export type PodConditionType = 'Initialized' | 'ContainersReady' | 'Ready' | 'PodScheduled';
export type PodCondition = Readonly<{ type: PodConditionType; status: ConditionStatus; reason?: string; message?: string }>;

/** `signal` is the number of the signal that ended the process, if one did (then exitCode is 128 + signal). */
export type TerminatedState = Readonly<{ exitCode: number; reason: string; signal?: number; message?: string; startedAt?: string; finishedAt: string }>;
export type ContainerState = Readonly<
  | { waiting: Readonly<{ reason: string; message?: string }> }
  | { running: Readonly<{ startedAt: string }> }
  | { terminated: TerminatedState }
>;
/**
 * `lastState`: how the previous run ended, once a container was restarted. `started`: the startup probe passed (or
 * there is none) while it runs; absent from runtimes that do not probe.
 */
export type ContainerStatus = Readonly<{
  name: string;
  ready: boolean;
  restartCount: number;
  state: ContainerState;
  lastState?: Readonly<{ terminated: TerminatedState }>;
  started?: boolean;
}>;

/**
 * Where a container's declared port is reachable on its node. Pods of the `process` runtime share the host
 * network, so each declared port is given a free host port; endpoints point at that one.
 */
export type PodHostPort = Readonly<{ container: string; name?: string; containerPort: number; hostPort: number; protocol: 'TCP' | 'UDP' }>;

/** What a kubelet reports about a pod bound to its node. */
export type PodStatusReport = Readonly<{
  namespace: string;
  name: string;
  nodeName: string;
  phase: PodPhase;
  podIP?: string;
  conditions: readonly PodCondition[];
  containerStatuses: readonly ContainerStatus[];
  /** The init containers' statuses, in their order (absent for a pod without init containers). */
  initContainerStatuses?: readonly ContainerStatus[];
  reason?: string;
  message?: string;
  hostPorts?: readonly PodHostPort[];
}>;

type PodKey = { namespace: string; name: string };
type Deletion = PodKey & { deletionTimestamp: string; gracePeriodSeconds: number };

export type PodCreated = Event<'PodCreated', { meta: ObjectMeta; spec: PodSpec }>;
export type PodScheduled = Event<'PodScheduled', PodKey & { nodeName: string }>;
export type PodUnschedulable = Event<'PodUnschedulable', PodKey & { reason: string; message: string }>;
/** The scheduler evicts pods of lower priority on `nodeName` to make room for this one, which waits for it (status.nominatedNodeName). */
export type PodNominated = Event<'PodNominated', PodKey & { nodeName: string }>;
export type PodStatusReported = Event<'PodStatusReported', PodStatusReport>;
export type PodEvicted = Event<'PodEvicted', Deletion & { reason: string; message: string }>;
export type PodDeletionRequested = Event<'PodDeletionRequested', Deletion>;
export type PodDeleted = Event<'PodDeleted', PodKey>;
/** Its owner was deleted with propagationPolicy Orphan: the pod stays, without the reference. */
export type PodOrphaned = Event<'PodOrphaned', PodKey & { ownerUid: string }>;
/** The pod, which had no controller, now has `owner` as its controller (a ReplicaSet whose selector it matches). */
export type PodAdopted = Event<'PodAdopted', PodKey & { owner: OwnerReference }>;

export type PodEvent =
  | PodCreated
  | PodScheduled
  | PodUnschedulable
  | PodNominated
  | PodStatusReported
  | PodEvicted
  | PodDeletionRequested
  | PodDeleted
  | PodOrphaned
  | PodAdopted
  | MetadataEvent
  | ReconcileFailed;

export type Pod = Readonly<{
  meta: ObjectMeta;
  spec: PodSpec;
  nodeName?: string;
  phase: PodPhase;
  podIP?: string;
  conditions: readonly PodCondition[];
  containerStatuses: readonly ContainerStatus[];
  initContainerStatuses?: readonly ContainerStatus[];
  reason?: string;
  message?: string;
  hostPorts?: readonly PodHostPort[];
  /** The scheduler's last verdict while the pod found no node. */
  unschedulable?: Readonly<{ reason: string; message: string }>;
  /** Where the scheduler made room for it by preemption, until it is bound. */
  nominatedNodeName?: string;
  /** Why it is being deleted, when something other than a user asked: an eviction (its reason, e.g. Preempted). */
  evicted?: Readonly<{ reason: string; message: string }>;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  /** When its Ready condition last turned True (the report's time), while it is True: minReadySeconds counts from it. */
  readySince?: string;
}> & ReportedFailures;

/** pending: created, not bound; bound: on a node; terminating: deletion asked, the kubelet stops it. */
export type PodState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'pending' | 'bound' | 'terminating'; pod: Pod }>
  | Readonly<{ status: 'deleted' }>;

export const podStream = (namespace: string, name: string) => `pod-${namespacedKey(namespace, name)}`;
export const initialPodState = (): PodState => ({ status: 'absent' });

export const isTerminalPhase = (phase: PodPhase) => phase === 'Succeeded' || phase === 'Failed';

export function evolvePod(state: PodState, event: PodEvent): PodState {
  switch (event.type) {
    case 'PodCreated':
      return created(event.data.meta, event.data.spec);
    case 'PodDeleted':
      return { status: 'deleted' };
    default:
      return state.status === 'absent' || state.status === 'deleted' ? state : changed(state, event);
  }
}

function created(meta: ObjectMeta, spec: PodSpec): PodState {
  const pod: Pod = { meta, spec, nodeName: spec.nodeName, phase: 'Pending', conditions: [], containerStatuses: [] };
  return { status: spec.nodeName === undefined ? 'pending' : 'bound', pod };
}

type LivePod = Extract<PodState, { pod: Pod }>;
type LaterEvent = Exclude<PodEvent, PodCreated | PodDeleted>;

function changed({ status, pod }: LivePod, event: LaterEvent): PodState {
  switch (event.type) {
    case 'PodScheduled':
      return { status: status === 'pending' ? 'bound' : status, pod: { ...pod, nodeName: event.data.nodeName, unschedulable: undefined, nominatedNodeName: undefined } };
    case 'PodNominated':
      return { status, pod: { ...pod, nominatedNodeName: event.data.nodeName } };
    case 'PodUnschedulable':
      return { status, pod: { ...pod, unschedulable: { reason: event.data.reason, message: event.data.message } } };
    case 'PodStatusReported':
      return { status, pod: reported(pod, event.data, event.metadata.at) };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return { status, pod: { ...pod, meta: evolveMetadata(pod.meta, event) } };
    case 'PodAdopted':
      return { status, pod: { ...pod, meta: withController(pod.meta, event.data.owner) } };
    case 'PodOrphaned':
      return { status, pod: { ...pod, meta: withoutOwner(pod.meta, event.data.ownerUid) } };
    case 'ReconcileFailed':
      return { status, pod: evolveReconcileFailure(pod, event) };
    case 'PodEvicted':
      return {
        status: 'terminating',
        pod: { ...pod, deletionTimestamp: event.data.deletionTimestamp, deletionGracePeriodSeconds: event.data.gracePeriodSeconds, evicted: { reason: event.data.reason, message: event.data.message } },
      };
    case 'PodDeletionRequested':
      return {
        status: 'terminating',
        pod: { ...pod, deletionTimestamp: event.data.deletionTimestamp, deletionGracePeriodSeconds: event.data.gracePeriodSeconds },
      };
  }
}

export const podIsReady = (pod: Pick<Pod, 'conditions'>) => pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

function reported(pod: Pod, report: PodStatusReport, at: string): Pod {
  const { phase, podIP, conditions, containerStatuses, initContainerStatuses, reason, message, hostPorts } = report;
  const { readySince: was, ...rest } = pod;
  const readySince = podIsReady(report) ? (was ?? at) : undefined;
  return { ...rest, phase, podIP, conditions, containerStatuses, initContainerStatuses, reason, message, hostPorts, ...(readySince ? { readySince } : {}) };
}
