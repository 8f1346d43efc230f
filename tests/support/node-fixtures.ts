import type { NodeRegistration } from '../../domain/node/node.js';

export function registration(name: string, overrides: Partial<NodeRegistration> = {}): NodeRegistration {
  const resources = { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110 };
  return {
    name,
    role: 'worker',
    labels: { 'kubernetes.io/hostname': name },
    taints: [],
    capacity: resources,
    allocatable: resources,
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    nodeInfo: { osImage: 'Debian 12', kernelVersion: '6.1', containerRuntimeVersion: 'process://kes', kubeletVersion: 'v1.32.0-kes', operatingSystem: 'linux', architecture: 'amd64' },
    ...overrides,
  };
}
