import { filter, map, merge } from 'rxjs';
import { admitPod, type Admission } from '../../domain/pod/admission.js';
import { isTerminalPhase } from '../../domain/pod/pod.js';
import { nodeActor } from '../commands/authorize.js';
import type { ContainerRuntime, RuntimePodStatus, RuntimeWarning } from '../ports/container-runtime.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';
import type { ReconcileSubject } from './reconcile-subject.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { lastEventOf } from './causes.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';
import { unenactedWarning } from '../../domain/pod/unenacted-fields.js';

/** The component a kubelet's Warnings on a pod come from, as `kubectl describe` shows it. */
const KUBELET = 'kubelet';
/**
 * Where the last Warning of a pod's containers (a failed lifecycle hook) is kept apart from the fields one: a
 * controller's reports are kept one per controller, and the part after `#` is not shown as the source.
 */
const KUBELET_CONTAINERS = 'kubelet#containers';

const reportedAs = (pod: PodView) => JSON.stringify([pod.phase, pod.podIP, pod.conditions, pod.containerStatuses, pod.initContainerStatuses, pod.reason, pod.message, pod.hostPorts]);
const runtimeAs = (s: RuntimePodStatus) => JSON.stringify([s.phase, s.podIP, s.conditions, s.containerStatuses, s.initContainerStatuses, s.reason, s.message, s.hostPorts]);

/**
 * The kubelet's pod loop for the nodes this process hosts: pods bound to them run in the runtime, their
 * status goes back as `ReportPodStatus`; a pod being deleted is stopped, then confirmed deleted; a pod the
 * cluster no longer has is stopped and forgotten. Commands go as the pod's node (NodeRestriction).
 */
export function kubeletPods(models: ReadModels, runtime: ContainerRuntime, hosts: (node: string) => boolean, resyncMs = 10_000): Reconciler {
  const hostedKeys = () => {
    const keys = new Set(runtime.pods());
    for (const [node, bound] of models.podIndex.byNode) if (hosts(node)) for (const key of bound) keys.add(key);
    return keys;
  };
  const triggers = merge(
    changesOf(models, 'Pod').pipe(
      filter((c) => (c.view.nodeName !== undefined && hosts(c.view.nodeName)) || runtime.status(c.key) !== undefined),
      map((c) => c.key),
    ),
    runtime.changes,
  );

  const reconcile = async (key: string): Promise<PlannedCommand[]> => {
    const pod = models.pods.get(key);
    if (!pod || !pod.nodeName || !hosts(pod.nodeName)) return forget(key);
    const as = { actor: nodeActor(pod.nodeName) };
    if (pod.status === 'terminating') {
      const status = runtime.status(key);
      if (status && !status.stopped) {
        await runtime.stop(key, pod.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds);
        if (!runtime.status(key)?.stopped) return [];
      }
      await runtime.remove(key);
      return [{ type: 'ConfirmPodDeleted', data: { ...splitNamespacedKey(key), nodeName: pod.nodeName }, ...as }];
    }
    if (isTerminalPhase(pod.phase)) return [];
    if (!runtime.status(key)) {
      const verdict = admission(key, pod, pod.nodeName);
      if (!verdict.admitted) return [rejected(key, pod.nodeName, verdict)];
      await runtime.start(key, pod);
    }
    const status = runtime.status(key)!;
    const warning = [...unenactedReport(key, pod, pod.nodeName), ...containerWarning(key, pod, pod.nodeName, status.warning)];
    if (runtimeAs(status) === reportedAs(pod)) return warning;
    const { stopped: _stopped, warning: _warning, ...report } = status;
    return [{ type: 'ReportPodStatus', data: { ...splitNamespacedKey(key), nodeName: pod.nodeName, ...report }, ...as }, ...warning];
  };

  /** One Warning naming the fields of the pod's spec this node keeps but does not enact, unless it was reported. */
  const unenactedReport = (key: string, pod: PodView, nodeName: string): PlannedCommand[] => {
    const warning = unenactedWarning(pod.spec);
    const last = pod.reconcileFailures?.[KUBELET];
    if (!warning || (last?.reason === warning.reason && last.message === warning.message)) return [];
    const data = { kind: 'Pod' as const, ...splitNamespacedKey(key), nodeName, controller: KUBELET, ...warning };
    return [{ type: 'ReportReconcileFailure', data, actor: nodeActor(nodeName) }];
  };

  /** The runtime's last Warning on the pod's containers (FailedPostStartHook…), unless it was reported. */
  const containerWarning = (key: string, pod: PodView, nodeName: string, warning: RuntimeWarning | undefined): PlannedCommand[] => {
    const last = pod.reconcileFailures?.[KUBELET_CONTAINERS];
    if (!warning || (last?.reason === warning.reason && last.message === warning.message)) return [];
    const data = { kind: 'Pod' as const, ...splitNamespacedKey(key), nodeName, controller: KUBELET_CONTAINERS, ...warning };
    return [{ type: 'ReportReconcileFailure', data, actor: nodeActor(nodeName) }];
  };

  /** The node's allocatable against the pods this runtime already runs there. */
  const admission = (key: string, pod: PodView, nodeName: string): Admission => {
    const node = models.nodes.get(nodeName);
    if (!node) return { admitted: true };
    const running = [...(models.podIndex.byNode.get(nodeName) ?? [])]
      .filter((other) => other !== key && runtime.status(other)?.stopped === false)
      .flatMap((other) => models.pods.get(other)?.spec ?? []);
    return admitPod(pod.spec, node.allocatable, running);
  };

  const forget = async (key: string): Promise<PlannedCommand[]> => {
    if (!runtime.status(key)) return [];
    await runtime.stop(key, 0);
    if (runtime.status(key)?.stopped) await runtime.remove(key);
    return [];
  };

  const rejected = (key: string, nodeName: string, { reason, message }: { reason: string; message: string }): PlannedCommand => ({
    type: 'ReportPodStatus',
    data: { ...splitNamespacedKey(key), nodeName, phase: 'Failed', conditions: [], containerStatuses: [], reason, message },
    actor: nodeActor(nodeName),
  });

  /** A pod bound to a node this process hosts, reported on as that node. */
  const subjectOf = (key: string): ReconcileSubject | undefined => {
    const nodeName = models.pods.get(key)?.nodeName;
    return nodeName && hosts(nodeName) ? { kind: 'Pod', ...splitNamespacedKey(key), nodeName, actor: nodeActor(nodeName) } : undefined;
  };

  return { name: 'kubelet-pods', actor: 'system:node:unknown', resyncMs, keys: hostedKeys, triggers, reconcile, subjectOf, causeOf: lastEventOf(models, 'pod') };
}
