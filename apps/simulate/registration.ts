import type { NodeRegistration } from '../../domain/node/node.js';
import { formatIPv4, parseIPv4 } from '../../domain/allocation/ipv4.js';
import { KUBELET_VERSION } from '../../infrastructure/system/node-facts.js';

export type SimulatedNodeShape = Readonly<{
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  labels: Readonly<Record<string, string>>;
  /** Zones given in turn as topology.kubernetes.io/zone. */
  zones?: readonly string[];
  /** The first node's InternalIP as an integer (IPv4): node i has firstIp + i - 1. Not given: 10.0.0.1 onwards. */
  firstIp?: number;
}>;

const DEFAULT_FIRST_IP = parseIPv4('10.0.0.1')!;

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A simulated node's registration: the given size, its address (the index-th from firstIp), and the simulated runtime. */
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
      { type: 'InternalIP', address: formatIPv4((shape.firstIp ?? DEFAULT_FIRST_IP) + index - 1) },
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
