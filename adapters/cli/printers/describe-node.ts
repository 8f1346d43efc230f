import { age } from '../../http/k8s/duration.js';
import type { K8sEvent, K8sNode, K8sTaint } from '../../http/k8s/k8s-types.js';
import { nodeRoles } from '../../http/k8s/node-table.js';
import { tabwrite } from './tabwriter.js';
import { rfc1123z } from './time.js';

const MAX_ANNOTATION_LENGTH = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/**
 * `kubectl describe node` for what kes knows of a node (no lease or pod sections).
 * `events` undefined (they could not be listed) leaves the Events section out, as kubectl does.
 */
export function describeNode(node: K8sNode, events: readonly K8sEvent[] | undefined, now: Date): string {
  const info = node.status.nodeInfo ?? {};
  const lines: string[] = [
    `Name:\t${node.metadata.name}`,
    `Roles:\t${nodeRoles(node).join(',') || '<none>'}`,
    ...multiline('Labels', sortedEntries(node.metadata.labels).map(([k, v]) => `${k}=${v}`)),
    ...multiline('Annotations', annotationLines(node.metadata.annotations)),
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
    ...(events ? eventLines(events, now) : []),
  ];
  return tabwrite(lines.map((l) => `${l}\n`).join(''), { minWidth: 0, padding: 2 });
}

/** A title with its first value on the same line and the rest aligned under it; `<none>` when empty. */
function multiline(title: string, values: readonly string[]): string[] {
  if (values.length === 0) return [`${title}:\t<none>`];
  return values.map((v, i) => (i === 0 ? `${title}:\t${v}` : `\t${v}`));
}

function annotationLines(annotations: Record<string, string> | undefined): string[] {
  return sortedEntries(annotations)
    .filter(([k]) => !SKIPPED_ANNOTATIONS.has(k))
    .flatMap(([key, raw]) => {
      const value = raw.replace(/\n$/, '');
      if (value.length + key.length + 2 <= MAX_ANNOTATION_LENGTH && !value.includes('\n')) return [`${key}: ${value}`];
      return [`${key}:`, ...value.split('\n').map((s) => `  ${shorten(s, MAX_ANNOTATION_LENGTH - 2)}`)];
    });
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

function eventLines(events: readonly K8sEvent[], now: Date): string[] {
  if (events.length === 0) return ['Events:\t<none>'];
  const sorted = [...events].sort((a, b) => time(a.lastTimestamp) - time(b.lastTimestamp));
  return [
    'Events:',
    '  Type\tReason\tAge\tFrom\tMessage',
    '  ----\t------\t----\t----\t-------',
    ...sorted.map((e) => {
      const first = age(e.firstTimestamp, now);
      const interval = (e.count ?? 1) > 1 ? `${age(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
      return `  ${e.type}\t${e.reason}\t${interval}\t${e.source?.component ?? ''}\t${e.message.trim()}`;
    }),
  ];
}

/** Taints sorted by effect, then key, as kubectl lists them. */
function sortedTaints(taints: readonly K8sTaint[]): K8sTaint[] {
  const order = (t: K8sTaint) => `${t.effect},${t.key}`;
  return [...taints].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export function taintText(t: K8sTaint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
}

function sortedEntries(record: Record<string, string> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function time(timestamp: string | undefined): number {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
