import { podRequests, type PodSpec } from './pod-spec.js';

export type NodeAllocatable = Readonly<{ cpuMillis: number; memoryBytes: number; pods: number }>;
export type Admission = Readonly<{ admitted: true } | { admitted: false; reason: string; message: string }>;

const ADMITTED: Admission = { admitted: true };

/**
 * The kubelet's own check before it runs a pod (Kubernetes' admission by resources): what the pods it
 * already runs request, plus this one, must fit the node's allocatable. The first resource short is named
 * as Kubernetes names it: reason `OutOf<resource>`, "Node didn't have enough resource: …".
 */
export function admitPod(pod: PodSpec, allocatable: NodeAllocatable, running: readonly PodSpec[]): Admission {
  const requested = podRequests(pod);
  const used = running.map(podRequests).reduce((sum, r) => ({ cpuMillis: sum.cpuMillis + r.cpuMillis, memoryBytes: sum.memoryBytes + r.memoryBytes }), { cpuMillis: 0, memoryBytes: 0 });
  const checks = [
    { resource: 'pods', requested: 1, used: running.length, capacity: allocatable.pods },
    { resource: 'cpu', requested: requested.cpuMillis, used: used.cpuMillis, capacity: allocatable.cpuMillis },
    { resource: 'memory', requested: requested.memoryBytes, used: used.memoryBytes, capacity: allocatable.memoryBytes },
  ];
  const short = checks.find((c) => c.requested > 0 && c.requested > c.capacity - c.used);
  if (!short) return ADMITTED;
  return {
    admitted: false,
    reason: `OutOf${short.resource}`,
    message: `Pod was rejected: Node didn't have enough resource: ${short.resource}, requested: ${short.requested}, used: ${short.used}, capacity: ${short.capacity}`,
  };
}
