import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { objectNameProblem } from '../shared/labels.js';
import { adoptionDue } from '../shared/adoption.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { ownedBy, type ObjectMeta, type OwnerReference } from '../shared/object-meta.js';
import {
  evolvePod,
  initialPodState,
  isTerminalPhase,
  POD_PHASES,
  type Pod,
  type PodEvent,
  type PodState,
  type PodStatusReport,
} from './pod.js';
import type { PodSpec } from './pod-spec.js';
import { podProblems } from './pod-validation.js';
import { admittedSpec, type AdmittedClass } from './priority.js';

type PodKey = { namespace: string; name: string };

/**
 * creationTimestamp is the command's `at`; the API server gives the uid, and `priorityClass`: the PriorityClass the
 * pod names, or the cluster's globalDefault one when it names none, as the API server found it.
 */
export type CreatePod = Command<'CreatePod', { meta: Omit<ObjectMeta, 'creationTimestamp'>; spec: PodSpec; priorityClass?: AdmittedClass }>;
export type BindPod = Command<'BindPod', PodKey & { nodeName: string }>;
export type MarkPodUnschedulable = Command<'MarkPodUnschedulable', PodKey & { reason: string; message: string }>;
export type NominatePod = Command<'NominatePod', PodKey & { nodeName: string }>;
export type ReportPodStatus = Command<'ReportPodStatus', PodStatusReport>;
/** `gracePeriodSeconds`, when given, overrides the pod's terminationGracePeriodSeconds (the Eviction's DeleteOptions). */
export type EvictPod = Command<'EvictPod', PodKey & { reason: string; message: string; gracePeriodSeconds?: number }>;
export type DeletePod = Command<'DeletePod', PodKey & { gracePeriodSeconds?: number }>;
/** From the kubelet once the containers stopped, or from the pod GC (`nodeGone`) for pods of a deleted node. */
/**
 * Drops the pod's reference to the owner `ownerUid`: its owner is deleted with propagationPolicy Orphan, or
 * the pod's labels no longer match its ReplicaSet's selector.
 */
export type OrphanPod = Command<'OrphanPod', PodKey & { ownerUid: string }>;
/** A ReplicaSet takes a pod without a controller whose labels match its selector, as Kubernetes' ReplicaSet controller does. */
export type AdoptPod = Command<'AdoptPod', PodKey & { owner: OwnerReference }>;
/** From the kubelet (naming its node, which must be the pod's) or the pod GC (for pods of deleted nodes). */
export type ConfirmPodDeleted = Command<'ConfirmPodDeleted', PodKey & { nodeGone?: boolean; nodeName?: string }>;

export type PodCommand =
  | CreatePod
  | BindPod
  | MarkPodUnschedulable
  | NominatePod
  | ReportPodStatus
  | EvictPod
  | DeletePod
  | ConfirmPodDeleted
  | OrphanPod
  | AdoptPod
  | MetadataCommand
  | ReportReconcileFailure;

type Decision = NewEvent<PodEvent>[];

function existing(state: PodState, name: string): Pod {
  if (state.status === 'absent' || state.status === 'deleted') throw notFound('pods', name);
  return state.pod;
}

const conflict = (name: string, message: string) => new CommandRefused('Conflict', message, { kind: 'pods', name });

function create({ meta, spec, priorityClass }: CreatePod['data'], state: PodState, at: string): Decision {
  if (state.status !== 'absent' && state.status !== 'deleted') throw alreadyExists('pods', meta.name);
  const admitted = admittedSpec(meta.name, spec, priorityClass);
  const causes = podProblems(meta, admitted);
  if (causes.length > 0) throw invalid('Pod', meta.name, causes);
  return [{ type: 'PodCreated', data: { meta: { ...meta, creationTimestamp: at }, spec: admitted } }];
}

function bind({ namespace, name, nodeName }: BindPod['data'], state: PodState): Decision {
  const pod = existing(state, name);
  const problem = objectNameProblem(nodeName);
  if (problem) throw invalid('Pod', name, [{ field: 'target.name', message: problem }]);
  if (pod.nodeName === nodeName) return [];
  if (pod.nodeName !== undefined)
    throw conflict(name, `pod "${name}" is already assigned to node "${pod.nodeName}"; it cannot be bound to "${nodeName}"`);
  if (state.status !== 'pending') throw conflict(name, `pod "${name}" is being deleted and cannot be bound`);
  return [{ type: 'PodScheduled', data: { namespace, name, nodeName } }];
}

function markUnschedulable(data: MarkPodUnschedulable['data'], state: PodState): Decision {
  const pod = existing(state, data.name);
  // A late verdict on a pod that found a node, or is going away, changes nothing.
  if (state.status !== 'pending' || pod.unschedulable?.message === data.message) return [];
  return [{ type: 'PodUnschedulable', data }];
}

/** Only a pod still waiting for a node is nominated to one; nominating it again to the same node changes nothing. */
function nominate({ namespace, name, nodeName }: NominatePod['data'], state: PodState): Decision {
  const pod = existing(state, name);
  const problem = objectNameProblem(nodeName);
  if (problem) throw invalid('Pod', name, [{ field: 'status.nominatedNodeName', message: problem }]);
  if (state.status !== 'pending' || pod.nominatedNodeName === nodeName) return [];
  return [{ type: 'PodNominated', data: { namespace, name, nodeName } }];
}

/** Kubernetes' NodeRestriction: a node changes only pods bound to it. */
const otherNode = (name: string, boundTo: string, nodeName: string) =>
  new CommandRefused('Forbidden', `node "${nodeName}" can only change the status of pods bound to it: pod "${name}" is bound to node "${boundTo}"`, { kind: 'pods', name });

function reportStatus(report: PodStatusReport, state: PodState): Decision {
  const { name, nodeName, phase } = report;
  const pod = existing(state, name);
  if (!POD_PHASES.includes(phase))
    throw invalid('Pod', name, [{ field: 'status.phase', message: `unsupported value "${phase}": must be one of ${POD_PHASES.join(', ')}` }]);
  if (pod.nodeName === undefined) throw conflict(name, `pod "${name}" is not bound to a node; node "${nodeName}" cannot report its status`);
  if (pod.nodeName !== nodeName) throw otherNode(name, pod.nodeName, nodeName);
  if (isTerminalPhase(pod.phase) && phase !== pod.phase)
    throw conflict(name, `pod "${name}" already ${pod.phase === 'Succeeded' ? 'succeeded' : 'failed'}; its phase cannot become ${phase}`);
  return sameStatus(pod, report) ? [] : [{ type: 'PodStatusReported', data: report }];
}

function sameStatus(pod: Pod, r: PodStatusReport): boolean {
  const status = (s: Pod | PodStatusReport) =>
    canonicalJson([s.phase, s.podIP ?? '', s.conditions, s.containerStatuses, s.initContainerStatuses ?? [], s.reason ?? '', s.message ?? '', s.hostPorts ?? []]);
  return status(pod) === status(r);
}

/** Nothing runs the pod's containers, or nothing is to be waited for: it goes at once. */
const goesAtOnce = (pod: Pod, gracePeriodSeconds: number) =>
  pod.nodeName === undefined || gracePeriodSeconds === 0 || isTerminalPhase(pod.phase);

function evict({ namespace, name, reason, message, gracePeriodSeconds }: EvictPod['data'], state: PodState, at: string): Decision {
  const pod = existing(state, name);
  if (state.status === 'terminating') return [];
  const grace = gracePeriod(pod, name, gracePeriodSeconds);
  const evicted: NewEvent<PodEvent> = { type: 'PodEvicted', data: { namespace, name, reason, message, deletionTimestamp: at, gracePeriodSeconds: grace } };
  return goesAtOnce(pod, grace) ? [evicted, { type: 'PodDeleted', data: { namespace, name } }] : [evicted];
}

/** The grace period asked for, else the pod's own. */
function gracePeriod(pod: Pod, name: string, asked: number | undefined): number {
  const grace = asked ?? pod.spec.terminationGracePeriodSeconds;
  if (!Number.isInteger(grace) || grace < 0)
    throw invalid('Pod', name, [{ field: 'gracePeriodSeconds', message: `must be a whole number of seconds, 0 or more (got ${grace})` }]);
  return grace;
}

/** Only a live pod without a controller is adopted; adopting it again is a no-op, and another controller's pod is refused. */
function adopt({ namespace, name, owner }: AdoptPod['data'], state: PodState): Decision {
  const due = adoptionDue(existing(state, name).meta, owner, 'pods', name);
  return due && state.status !== 'terminating' ? [{ type: 'PodAdopted', data: { namespace, name, owner } }] : [];
}

function requestDeletion({ namespace, name, gracePeriodSeconds }: DeletePod['data'], state: PodState, at: string): Decision {
  const pod = existing(state, name);
  const grace = gracePeriod(pod, name, gracePeriodSeconds);
  if (goesAtOnce(pod, grace)) return [{ type: 'PodDeleted', data: { namespace, name } }];
  if (state.status === 'terminating') return [];
  return [{ type: 'PodDeletionRequested', data: { namespace, name, deletionTimestamp: at, gracePeriodSeconds: grace } }];
}

/** A kubelet reports only on pods bound to its node. */
function reportFailure(command: ReportReconcileFailure, state: PodState): Decision {
  const { name, nodeName } = command.data;
  const pod = existing(state, name);
  if (nodeName !== undefined && pod.nodeName !== nodeName) throw otherNode(name, pod.nodeName ?? '<none>', nodeName);
  return decideReconcileFailure(command, pod);
}

function confirmDeleted({ namespace, name, nodeGone, nodeName }: ConfirmPodDeleted['data'], state: PodState): Decision {
  if (state.status === 'deleted') return [];
  const pod = existing(state, name);
  if (nodeName !== undefined && pod.nodeName !== nodeName) throw otherNode(name, pod.nodeName ?? '<none>', nodeName);
  if (state.status !== 'terminating' && !nodeGone)
    throw conflict(name, `pod "${name}" is not being deleted; delete it first`);
  return [{ type: 'PodDeleted', data: { namespace, name } }];
}

export function decidePod(command: PodCommand, state: PodState): Decision {
  const at = command.metadata.at;
  switch (command.type) {
    case 'CreatePod':
      return create(command.data, state, at);
    case 'BindPod':
      return bind(command.data, state);
    case 'MarkPodUnschedulable':
      return markUnschedulable(command.data, state);
    case 'NominatePod':
      return nominate(command.data, state);
    case 'ReportPodStatus':
      return reportStatus(command.data, state);
    case 'EvictPod':
      return evict(command.data, state, at);
    case 'DeletePod':
      return requestDeletion(command.data, state, at);
    case 'ConfirmPodDeleted':
      return confirmDeleted(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'AdoptPod':
      return adopt(command.data, state);
    case 'OrphanPod':
      return ownedBy(existing(state, command.data.name).meta, command.data.ownerUid) ? [{ type: 'PodOrphaned', data: command.data }] : [];
    case 'ReportReconcileFailure':
      return reportFailure(command, state);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown pod command ${(unknown as Command).type}`);
    }
  }
}

export const podDecider: Decider<PodState, PodCommand, PodEvent> = {
  decide: decidePod,
  evolve: evolvePod,
  initialState: initialPodState,
};
