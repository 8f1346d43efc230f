import type { KubeletAddress } from '../ports/kubelet-logs.js';
import type { NodeView } from '../projections/node-view.js';

/** The address a node advertises for itself (status.addresses InternalIP: `--node-ip`, or the one it found). */
export const internalIpOf = (node: NodeView): string | undefined => node.addresses.find((a) => a.type === 'InternalIP')?.address;

/**
 * Where the API server reaches a node's kubelet, for logs, exec/attach/port-forward and metrics alike: the node's
 * InternalIP and the port it registered (status.daemonEndpoints.kubeletEndpoint.Port), as kube-apiserver's
 * default --kubelet-preferred-address-types picks InternalIP first. Undefined when the node has not said both.
 */
export function kubeletAddressOf(node: NodeView): KubeletAddress | undefined {
  const host = internalIpOf(node);
  return host !== undefined && node.kubeletPort !== undefined ? { host, port: node.kubeletPort } : undefined;
}
