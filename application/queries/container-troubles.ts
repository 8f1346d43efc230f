import type { ContainerStatus, PodStatusReport } from '../../domain/pod/pod.js';

/** What a kubelet tells `kubectl describe pod` users when a container cannot run: a Warning's reason and message. */
export type ContainerTrouble = Readonly<{ reason: 'Failed' | 'BackOff'; message: string }>;

/** Waiting reasons of a container that tried to start and could not (the kubelet records a Warning `Failed` for each). */
const START_FAILURES = new Set([
  'RunContainerError',
  'CreateContainerError',
  'CreateContainerConfigError',
  'StartError',
  'InvalidImageName',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
]);

function troubleOf(status: ContainerStatus, pod: PodStatusReport): ContainerTrouble | undefined {
  if (!('waiting' in status.state)) return undefined;
  const { reason, message } = status.state.waiting;
  if (reason === 'CrashLoopBackOff') return { reason: 'BackOff', message: `Back-off restarting failed container ${status.name} in pod ${pod.name}_${pod.namespace}` };
  if (START_FAILURES.has(reason)) return { reason: 'Failed', message: `Error: ${message ?? reason}` };
  return undefined;
}

/**
 * The Warning a kubelet would record for this status report, as kube's kubelet does when it reports it: a container
 * (init containers first) that failed to start (`Failed`, with the runtime's error) or that is backing off after
 * crashing (`BackOff`). Undefined when every container is starting, running or ended as it should.
 */
export function containerTrouble(report: PodStatusReport): ContainerTrouble | undefined {
  for (const status of [...(report.initContainerStatuses ?? []), ...report.containerStatuses]) {
    const trouble = troubleOf(status, report);
    if (trouble) return trouble;
  }
  return undefined;
}
