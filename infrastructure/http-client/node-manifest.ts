import type { NodeRegistration, Resources } from '../../domain/node/node.js';

const list = (r: Resources) => ({ cpu: `${r.cpuMillis}m`, memory: String(r.memoryBytes), pods: String(r.pods) });

/** A registration as the Kubernetes Node a kubelet posts. */
export function nodeManifest(r: NodeRegistration) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: r.name, labels: r.labels },
    spec: { taints: r.taints },
    status: {
      capacity: list(r.capacity),
      allocatable: list(r.allocatable),
      addresses: r.addresses,
      nodeInfo: r.nodeInfo,
      ...(r.kubeletPort !== undefined ? { daemonEndpoints: { kubeletEndpoint: { Port: r.kubeletPort } } } : {}),
    },
  };
}
