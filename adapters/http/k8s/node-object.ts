import type { NodeView } from '../../../application/projections/node-view.js';
import { formatBytes, formatCpu } from '../../../domain/shared/quantity.js';
import type { Resources } from '../../../domain/node/node.js';
import type { K8sNode } from './k8s-types.js';

const quantities = (r: Resources) => ({ cpu: formatCpu(r.cpuMillis), memory: formatBytes(r.memoryBytes), pods: String(r.pods) });

/** A Node with where its kubelet listens (Kubernetes' status.daemonEndpoints). */
export type K8sNodeWithEndpoints = K8sNode & { status: { daemonEndpoints?: { kubeletEndpoint: { Port: number } } } };

/** A node view as a Kubernetes v1 Node. */
export function nodeObject(view: NodeView, lastHeartbeatMs: number | undefined): K8sNodeWithEndpoints {
  const heartbeat = lastHeartbeatMs !== undefined ? new Date(lastHeartbeatMs).toISOString() : view.readiness.since;
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: view.name,
      uid: view.uid,
      resourceVersion: String(view.resourceVersion),
      creationTimestamp: view.createdAt,
      labels: { ...view.labels },
      annotations: { 'kes.io/role': view.role },
      ...(view.managedFields && view.managedFields.length > 0 ? { managedFields: view.managedFields.map((entry) => ({ ...entry })) } : {}),
    },
    spec: {
      ...(view.unschedulable ? { unschedulable: true } : {}),
      ...(view.taints.length > 0 ? { taints: view.taints.map((t) => ({ ...t })) } : {}),
    },
    status: {
      capacity: quantities(view.capacity),
      allocatable: quantities(view.allocatable),
      conditions: [
        {
          type: 'Ready',
          status: view.readiness.status,
          reason: view.readiness.reason,
          message: view.readiness.message,
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: view.readiness.since,
        },
      ],
      addresses: view.addresses.map((a) => ({ ...a })),
      nodeInfo: { ...view.nodeInfo, kubeProxyVersion: view.nodeInfo.kubeletVersion },
      ...(view.kubeletPort !== undefined ? { daemonEndpoints: { kubeletEndpoint: { Port: view.kubeletPort } } } : {}),
    },
  };
}
