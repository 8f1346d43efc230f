import type { Resources } from '../node/node.js';
import { podRequests, type NodeAffinity, type NodeSelectorTerm, type PodSpec, type ResourceAmounts, type Toleration } from '../pod/pod-spec.js';
import type { Labels } from '../shared/labels.js';
import type { Taint } from '../shared/taints.js';
import { podPlacementOf, type PodIdentity, type PodPlacement } from './pod-placement.js';

/** What the scheduler needs to know of a node: its own description plus what the pods bound to it already take. */
export type NodeDescription = Readonly<{
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

/**
 * A node as the scheduler sees it: its description, plus what follows from it and the filters and scores
 * read first, on hundreds of nodes for every pod, so they are kept on the node itself (see schedulingNode).
 */
export type SchedulingNode = NodeDescription &
  Readonly<{
    /** allocatable − requested. */
    freeCpuMillis: number;
    freeMemoryBytes: number;
    freePods: number;
    /** Ready, not cordoned and untainted: only what the pod itself asks (resources, selector, ports) can keep it off. */
    open: boolean;
  }>;

/** The only way to make a SchedulingNode, so what it derives always agrees with its description. */
export function schedulingNode(node: NodeDescription): SchedulingNode {
  const { name, labels, taints, unschedulable, ready, allocatable, requested, usedHostPorts } = node;
  return {
    name,
    labels,
    taints,
    unschedulable,
    ready,
    allocatable,
    requested,
    usedHostPorts,
    freeCpuMillis: allocatable.cpuMillis - requested.cpuMillis,
    freeMemoryBytes: allocatable.memoryBytes - requested.memoryBytes,
    freePods: allocatable.pods - requested.pods,
    open: ready && !unschedulable && taints.length === 0,
  };
}

/** What a pod asks of a node, derived once from its spec. */
export type SchedulingPod = Readonly<{
  requests: ResourceAmounts;
  hostPorts: readonly string[];
  nodeSelector: Labels;
  requiredTerms: readonly NodeSelectorTerm[];
  preferredTerms: NodeAffinity['preferred'];
  tolerations: readonly Toleration[];
  /** As other pods' affinity terms and spread constraints see it; a pod without says `default` and no labels. */
  namespace?: string;
  labels?: Labels;
  /** What it asks of the pods around it; undefined when nothing (see pod-placement.ts). */
  placement?: PodPlacement;
}>;

const NO_IDENTITY: PodIdentity = { namespace: 'default', labels: {} };

export const identityOf = (pod: SchedulingPod): PodIdentity => ({ namespace: pod.namespace ?? 'default', labels: pod.labels ?? {} });

/** A pod that asks nothing of a node but resources: it fits any open node that has them. */
export const asksOnlyResources = (pod: SchedulingPod): boolean =>
  pod.hostPorts.length === 0 && pod.requiredTerms.length === 0 && Object.keys(pod.nodeSelector).length === 0 && pod.placement === undefined;

export const hostPortKey = (protocol: string, port: number) => `${protocol}/${port}`;

export function schedulingPodOf(spec: PodSpec, identity: PodIdentity = NO_IDENTITY): SchedulingPod {
  const affinity = spec.affinity?.nodeAffinity;
  const placement = podPlacementOf(spec, identity);
  return {
    requests: podRequests(spec),
    hostPorts: spec.containers.flatMap((c) => c.ports.flatMap((p) => (p.hostPort ? [hostPortKey(p.protocol, p.hostPort)] : []))),
    nodeSelector: spec.nodeSelector,
    requiredTerms: affinity?.required ?? [],
    preferredTerms: affinity?.preferred ?? [],
    tolerations: spec.tolerations,
    namespace: identity.namespace,
    labels: identity.labels,
    ...(placement ? { placement } : {}),
  };
}

/** The node once `pod` is bound to it: lets a scheduler keep node state incrementally. */
export function withPod(node: SchedulingNode, pod: SchedulingPod): SchedulingNode {
  const usedHostPorts = pod.hostPorts.length === 0 ? node.usedHostPorts : new Set([...node.usedHostPorts, ...pod.hostPorts]);
  return schedulingNode({ ...node, requested: plus(node.requested, pod, 1), usedHostPorts });
}

/** The node once `pod` has left it. */
export function withoutPod(node: SchedulingNode, pod: SchedulingPod): SchedulingNode {
  const usedHostPorts = pod.hostPorts.length === 0 ? node.usedHostPorts : new Set(node.usedHostPorts);
  for (const port of pod.hostPorts) (usedHostPorts as Set<string>).delete(port);
  return schedulingNode({ ...node, requested: plus(node.requested, pod, -1), usedHostPorts });
}

function plus(requested: Resources, pod: SchedulingPod, sign: 1 | -1): Resources {
  return {
    cpuMillis: requested.cpuMillis + sign * pod.requests.cpuMillis,
    memoryBytes: requested.memoryBytes + sign * pod.requests.memoryBytes,
    pods: requested.pods + sign,
  };
}
