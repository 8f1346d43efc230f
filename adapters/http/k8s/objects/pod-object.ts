import type { PodView } from '../../../../application/projections/workload-views.js';
import type { ContainerStatus, PodCondition } from '../../../../domain/pod/pod.js';
import { allContainers } from '../../../../domain/pod/pod-spec.js';
import { PREEMPTED, SCHEDULER_NAME } from '../../../../domain/scheduling/preemption.js';
import { objectMetadata, podSpecObject } from './pod-spec-object.js';
import type { K8sContainerStatus, K8sPod, K8sPodCondition, K8sPodStatus } from './workload-types.js';

/** What the pod view does not know: the bound node's InternalIP, from the node view. */
export type PodObjectExtras = Readonly<{ hostIP?: string }>;

/** A pod view as a Kubernetes v1 Pod. */
export function podObject(view: PodView, extras: PodObjectExtras = {}): K8sPod {
  const metadata = objectMetadata(view.meta, view.resourceVersion);
  if (view.deletionTimestamp !== undefined) {
    metadata.deletionTimestamp = view.deletionTimestamp;
    if (view.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = view.deletionGracePeriodSeconds;
  }
  const spec = podSpecObject(view.spec);
  if (view.nodeName) spec.nodeName = view.nodeName;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: podStatus(view, extras) };
}

function podStatus(view: PodView, { hostIP }: PodObjectExtras): K8sPodStatus {
  const statuses = view.containerStatuses.map((s) => containerStatus(s, view));
  const initStatuses = (view.initContainerStatuses ?? []).map((s) => containerStatus(s, view));
  return {
    phase: view.phase,
    conditions: conditions(view),
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    ...(statuses.length > 0 ? { containerStatuses: statuses } : {}),
    ...(view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(view.reason ? { reason: view.reason } : {}),
    ...(view.message ? { message: view.message } : {}),
    ...startTimeOf(view),
    ...(view.nominatedNodeName ? { nominatedNodeName: view.nominatedNodeName } : {}),
  };
}

/** When the kubelet started the pod: the earliest start of any of its containers' runs it has reported. */
function startTimeOf(view: PodView): { startTime?: string } {
  const starts = view.containerStatuses.flatMap((s) => [s.state, s.lastState ?? {}]).flatMap((state) => {
    const run = (state as { running?: { startedAt?: string }; terminated?: { startedAt?: string } });
    return [run.running?.startedAt, run.terminated?.startedAt].filter((at): at is string => typeof at === 'string' && at !== '');
  });
  return starts.length > 0 ? { startTime: starts.sort()[0] } : {};
}

const condition = ({ type, status, reason, message }: PodCondition): K8sPodCondition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/**
 * The kubelet's conditions, plus PodScheduled as the scheduler sets it: True once bound, False with the
 * scheduler's reason while no node fits (what `kubectl describe pod` shows for a Pending pod).
 */
function conditions(view: PodView): K8sPodCondition[] {
  return [...scheduling(view), ...disruption(view)];
}

/** kube-scheduler marks the pods it preempts DisruptionTarget before it deletes them. */
const disruption = (view: PodView): K8sPodCondition[] =>
  view.evicted?.reason === PREEMPTED
    ? [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod` }]
    : [];

function scheduling(view: PodView): K8sPodCondition[] {
  // The Ready condition turned True when the pod became ready (what minReadySeconds counts from).
  const reported = view.conditions.map(condition).map((c) => (c.type === 'Ready' && c.status === 'True' && view.readySince ? { ...c, lastTransitionTime: view.readySince } : c));
  if (reported.some((c) => c.type === 'PodScheduled')) return reported;
  if (view.nodeName) return [{ type: 'PodScheduled', status: 'True' }, ...reported];
  if (view.unschedulable) return [{ type: 'PodScheduled', status: 'False', reason: view.unschedulable.reason, message: view.unschedulable.message }, ...reported];
  return reported;
}

function containerStatus(s: ContainerStatus, view: PodView): K8sContainerStatus {
  const image = allContainers(view.spec).find((c) => c.name === s.name)?.image ?? '';
  return {
    name: s.name,
    image,
    ready: s.ready,
    restartCount: s.restartCount,
    // A runtime that probes says whether the startup probe passed; otherwise a running container has started.
    started: s.started ?? 'running' in s.state,
    state: structuredClone(s.state) as K8sContainerStatus['state'],
    lastState: s.lastState ? structuredClone(s.lastState) : {},
  };
}
