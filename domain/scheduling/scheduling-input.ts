import type { Resources } from '../node/node.js';
import { podRequests, type NodeAffinity, type NodeSelectorTerm, type PodSpec, type ResourceAmounts, type Toleration } from '../pod/pod-spec.js';
import type { Labels } from '../shared/labels.js';
import type { Taint } from '../shared/taints.js';

/** A node as the scheduler sees it: its own description plus what the pods bound to it already take. */
export type SchedulingNode = Readonly<{
  name: string;
  labels: Labels;
  taints: readonly Taint[];
  unschedulable: boolean;
  ready: boolean;
  allocatable: Resources;
  requested: Resources;
  /** `<protocol>/<port>` of every host port in use (see hostPortKey). */
  usedHostPorts: ReadonlySet<string>;
}>;

/** What a pod asks of a node, derived once from its spec. */
export type SchedulingPod = Readonly<{
  requests: ResourceAmounts;
  hostPorts: readonly string[];
  nodeSelector: Labels;
  requiredTerms: readonly NodeSelectorTerm[];
  preferredTerms: NodeAffinity['preferred'];
  tolerations: readonly Toleration[];
}>;

export const hostPortKey = (protocol: string, port: number) => `${protocol}/${port}`;

export function schedulingPodOf(spec: PodSpec): SchedulingPod {
  const affinity = spec.affinity?.nodeAffinity;
  return {
    requests: podRequests(spec),
    hostPorts: spec.containers.flatMap((c) => c.ports.flatMap((p) => (p.hostPort ? [hostPortKey(p.protocol, p.hostPort)] : []))),
    nodeSelector: spec.nodeSelector,
    requiredTerms: affinity?.required ?? [],
    preferredTerms: affinity?.preferred ?? [],
    tolerations: spec.tolerations,
  };
}

/** The node once `pod` is bound to it: lets a scheduler keep node state incrementally. */
export function withPod(node: SchedulingNode, pod: SchedulingPod): SchedulingNode {
  return { ...node, requested: plus(node.requested, pod, 1), usedHostPorts: new Set([...node.usedHostPorts, ...pod.hostPorts]) };
}

/** The node once `pod` has left it. */
export function withoutPod(node: SchedulingNode, pod: SchedulingPod): SchedulingNode {
  const ports = new Set(node.usedHostPorts);
  for (const port of pod.hostPorts) ports.delete(port);
  return { ...node, requested: plus(node.requested, pod, -1), usedHostPorts: ports };
}

function plus(requested: Resources, pod: SchedulingPod, sign: 1 | -1): Resources {
  return {
    cpuMillis: requested.cpuMillis + sign * pod.requests.cpuMillis,
    memoryBytes: requested.memoryBytes + sign * pod.requests.memoryBytes,
    pods: requested.pods + sign,
  };
}
