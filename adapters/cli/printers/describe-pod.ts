import { age } from '../../http/k8s/duration.js';
import type { K8sEvent } from '../../http/k8s/k8s-types.js';
import type { K8sContainer, K8sPod } from '../../http/k8s/objects/workload-types.js';
import { containerLines, initContainerLines, tolerationLines, volumeLines } from './describe-containers.js';
import { annotationLines, controllerOf, describeText, eventLines, labelLines } from './describe-text.js';
import { rfc1123z } from './time.js';

type PodDetails = K8sPod & { status: K8sPod['status'] & { startTime?: string } };

/**
 * `kubectl describe pod` for the fields kes serves (no priority or service account).
 * A Pending pod the scheduler could not place shows why: when the events do not already carry the
 * scheduler's FailedScheduling, the PodScheduled=False condition's message is shown as that event.
 */
export function describePod(pod: PodDetails, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { metadata, spec, status } = pod;
  const terminating = metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded';
  const ips = status.podIPs ?? (status.podIP ? [{ ip: status.podIP }] : []);
  const controller = controllerOf(metadata);
  const lines = [
    `Name:\t${metadata.name}`,
    `Namespace:\t${metadata.namespace ?? ''}`,
    `Node:\t${spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>'}`,
    ...(status.startTime ? [`Start Time:\t${rfc1123z(status.startTime)}`] : []),
    ...labelLines('Labels', metadata.labels),
    ...annotationLines('Annotations', metadata.annotations),
    ...(terminating
      ? [`Status:\tTerminating (lasts ${age(metadata.deletionTimestamp, now)})`, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s`]
      : [`Status:\t${status.phase}`]),
    ...(status.reason ? [`Reason:\t${status.reason}`] : []),
    ...(status.message ? [`Message:\t${status.message}`] : []),
    `IP:\t${status.podIP ?? ''}`,
    ...(ips.length === 0 ? ['IPs:\t<none>'] : ['IPs:', ...ips.map((ip) => `  IP:\t${ip.ip}`)]),
    ...(controller ? [`Controlled By:\t${controller}`] : []),
    ...initContainerLines(spec.initContainers, status.initContainerStatuses ?? []),
    ...containerLines(spec.containers, status.containerStatuses ?? []),
    ...(status.conditions && status.conditions.length > 0
      ? ['Conditions:', '  Type\tStatus', ...status.conditions.map((c) => `  ${c.type} \t${c.status} `)]
      : []),
    ...volumeLines(spec.volumes),
    `QoS Class:\t${qosClass(spec.containers)}`,
    ...labelLines('Node-Selectors', spec.nodeSelector),
    ...tolerationLines('Tolerations', spec.tolerations),
    ...eventLines(withSchedulingFailure(pod, events), now),
  ];
  return describeText(lines);
}

function withSchedulingFailure(pod: PodDetails, events: readonly K8sEvent[] | undefined): readonly K8sEvent[] | undefined {
  const unscheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.message);
  if (!unscheduled || pod.status.phase !== 'Pending' || events?.some((e) => e.reason === 'FailedScheduling')) return events;
  const at = (unscheduled as { lastTransitionTime?: string }).lastTransitionTime;
  const failed: K8sEvent = {
    metadata: { name: `${pod.metadata.name}.scheduling`, namespace: pod.metadata.namespace },
    involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace },
    type: 'Warning',
    reason: 'FailedScheduling',
    message: unscheduled.message!,
    source: { component: 'default-scheduler' },
    ...(at ? { firstTimestamp: at, lastTimestamp: at } : {}),
    count: 1,
  };
  return [...(events ?? []), failed];
}

/** Kubernetes' QoS classes: Guaranteed when every container's requests equal its cpu and memory limits. */
function qosClass(containers: readonly K8sContainer[]): string {
  const amounts = containers.map((c) => ({ requests: c.resources?.requests ?? {}, limits: c.resources?.limits ?? {} }));
  if (amounts.every((a) => Object.keys(a.requests).length === 0 && Object.keys(a.limits).length === 0)) return 'BestEffort';
  const guaranteed = amounts.every(({ requests, limits }) =>
    ['cpu', 'memory'].every((r) => limits[r] !== undefined && (requests[r] ?? limits[r]) === limits[r]),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
