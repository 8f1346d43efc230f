import type { PodSpec } from '../../domain/pod/pod-spec.js';
import type { PlacedPod, PodsOnNodes } from '../../domain/scheduling/inter-pod-affinity.js';
import { hasPodTerms } from '../../domain/scheduling/pod-placement.js';
import { schedulingNode, schedulingPodOf, type NodeDescription, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import type { Labels } from '../../domain/shared/labels.js';

export const GiB = 2 ** 30;

/** A Ready, schedulable, untainted node with nothing bound, `cpuMillis` and `memoryGiB` allocatable, and its hostname label. */
export function readyNode(name: string, cpuMillis: number, memoryGiB: number, overrides: Partial<NodeDescription> = {}): SchedulingNode {
  return schedulingNode({
    name,
    labels: { 'kubernetes.io/hostname': name },
    taints: [],
    unschedulable: false,
    ready: true,
    allocatable: { cpuMillis, memoryBytes: memoryGiB * GiB, pods: 110 },
    requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    usedHostPorts: new Set(),
    ...overrides,
  });
}

/** The pods on nodes, as the pod affinity and spread plugins read them, from a list; namespaces have no labels unless given. */
export function podsOnNodes(
  nodes: readonly SchedulingNode[],
  placed: readonly PlacedPod[],
  namespaceLabels: Readonly<Record<string, Labels>> = {},
): PodsOnNodes {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return {
    all: () => placed,
    withPodTerms: () => placed.filter((p) => hasPodTerms(p.pod.placement)),
    inNamespace: (namespace) => placed.filter((p) => (p.pod.namespace ?? 'default') === namespace),
    namespaceLabels: (namespace) => namespaceLabels[namespace],
    node: (name) => byName.get(name),
  };
}

const bareSpec = (extra: Partial<PodSpec> = {}): PodSpec => ({
  containers: [{ name: 'app', image: 'app:1', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 } }, volumeMounts: [] }],
  volumes: [],
  nodeSelector: {},
  tolerations: [],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  ...extra,
});

/** A pod as the scheduler sees it, with labels, a namespace and any of the placement fields of a spec. */
export const podWith = (labels: Labels, extra: Partial<PodSpec> = {}, namespace = 'default'): SchedulingPod =>
  schedulingPodOf(bareSpec(extra), { namespace, labels });

export const on = (nodeName: string, pod: SchedulingPod): PlacedPod => ({ nodeName, pod });
