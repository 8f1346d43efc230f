import type { ContainerLogsOptions } from './container-runtime.js';

/** Where a node's kubelet serves HTTPS: its InternalIP and the port it registered (daemonEndpoints.kubeletEndpoint). */
export type KubeletAddress = Readonly<{ host: string; port: number }>;

/** What the API server asks a kubelet for: the runtime's options, and `sinceSeconds` counted back from the kubelet's now. */
export type ContainerLogsRequest = ContainerLogsOptions & Readonly<{ namespace: string; pod: string; container: string; sinceSeconds?: number }>;

/** The kubelet could not be asked: it is not reachable, or it refused the API server's client certificate. */
export class KubeletUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeletUnreachable';
  }
}

/**
 * How the API server reads a container's logs from the kubelet of the node the pod runs on (Kubernetes'
 * `GET https://<node>:10250/containerLogs/...`, with the apiserver-kubelet-client certificate). `open` resolves once
 * the kubelet has answered, so a refusal is known before any byte is passed on: it rejects with
 * `ContainerLogsUnavailable` (what the kubelet's runtime said) or `KubeletUnreachable`. Aborting `signal` ends the
 * stream (a client that went away stops a follow).
 */
export interface KubeletLogs {
  open(kubelet: KubeletAddress, request: ContainerLogsRequest, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}
