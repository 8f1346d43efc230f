import type { K8sEvent, K8sNode, K8sTaint } from '../../http/k8s/k8s-types.js';
import { nodeRoles } from '../../http/k8s/node-table.js';
import { annotationLines, describeText, eventLines, labelLines, multiline, sortedEntries } from './describe-text.js';
import { rfc1123z } from './time.js';

/**
 * `kubectl describe node` for what kes knows of a node (no lease or pod sections).
 * `events` undefined (they could not be listed) leaves the Events section out, as kubectl does.
 */
export function describeNode(node: K8sNode, events: readonly K8sEvent[] | undefined, now: Date): string {
  const info = node.status.nodeInfo ?? {};
  const lines: string[] = [
    `Name:\t${node.metadata.name}`,
    `Roles:\t${nodeRoles(node).join(',') || '<none>'}`,
    ...labelLines('Labels', node.metadata.labels),
    ...annotationLines('Annotations', node.metadata.annotations),
    `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}`,
    ...multiline('Taints', sortedTaints(node.spec.taints ?? []).map(taintText)),
    `Unschedulable:\t${node.spec.unschedulable === true}`,
    ...conditionLines(node),
    'Addresses:',
    ...(node.status.addresses ?? []).map((a) => `  ${a.type}:\t${a.address}`),
    ...resourceLines('Capacity', node.status.capacity),
    ...resourceLines('Allocatable', node.status.allocatable),
    'System Info:',
    `  Machine ID:\t${info.machineID ?? ''}`,
    `  System UUID:\t${info.systemUUID ?? ''}`,
    `  Boot ID:\t${info.bootID ?? ''}`,
    `  Kernel Version:\t${info.kernelVersion ?? ''}`,
    `  OS Image:\t${info.osImage ?? ''}`,
    `  Operating System:\t${info.operatingSystem ?? ''}`,
    `  Architecture:\t${info.architecture ?? ''}`,
    `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}`,
    `  Kubelet Version:\t${info.kubeletVersion ?? ''}`,
    `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}`,
    ...(node.spec.podCIDR ? [`PodCIDR:\t${node.spec.podCIDR}`] : []),
    ...(node.spec.providerID ? [`ProviderID:\t${node.spec.providerID}`] : []),
    ...eventLines(events, now),
  ];
  return describeText(lines);
}

function conditionLines(node: K8sNode): string[] {
  const conditions = node.status.conditions ?? [];
  if (conditions.length === 0) return [];
  return [
    'Conditions:',
    '  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage',
    '  ----\t------\t-----------------\t------------------\t------\t-------',
    ...conditions.map(
      (c) =>
        `  ${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}`,
    ),
  ];
}

function resourceLines(title: string, resources: Record<string, string> | undefined): string[] {
  const entries = sortedEntries(resources);
  return entries.length === 0 ? [] : [`${title}:`, ...entries.map(([name, value]) => `  ${name}:\t${value}`)];
}

/** Taints sorted by effect, then key, as kubectl lists them. */
function sortedTaints(taints: readonly K8sTaint[]): K8sTaint[] {
  const order = (t: K8sTaint) => `${t.effect},${t.key}`;
  return [...taints].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export function taintText(t: K8sTaint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
}
