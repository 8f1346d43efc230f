import { schedulingNode, type NodeDescription, type SchedulingNode } from '../../domain/scheduling/scheduling-input.js';

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
