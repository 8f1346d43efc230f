import type { NodeRegistration } from '../../domain/node/node.js';
import { KUBELET_VERSION } from '../../infrastructure/system/node-facts.js';

export type SimulatedNodeShape = Readonly<{
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  labels: Readonly<Record<string, string>>;
  /** Zones given in turn as topology.kubernetes.io/zone. */
  zones?: readonly string[];
}>;

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A simulated node's registration: the given size, a made-up address, and the simulated runtime. */
export function simulatedRegistration(name: string, index: number, shape: SimulatedNodeShape): NodeRegistration {
  const capacity = { cpuMillis: shape.cpuMillis, memoryBytes: shape.memoryBytes, pods: shape.pods };
  const zones = shape.zones ?? [];
  const zone: Record<string, string> = zones.length > 0 ? { [ZONE_LABEL]: zones[(index - 1) % zones.length]! } : {};
  return {
    name,
    role: 'worker',
    labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kes.io/simulated': 'true', ...zone, ...shape.labels },
    taints: [],
    capacity,
    allocatable: capacity,
    addresses: [
      { type: 'InternalIP', address: `10.${Math.floor(index / 65_536) % 256}.${Math.floor(index / 256) % 256}.${index % 256}` },
      { type: 'Hostname', address: name },
    ],
    nodeInfo: {
      osImage: 'kes simulated node',
      kernelVersion: 'simulated',
      containerRuntimeVersion: 'simulated://kes',
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}
