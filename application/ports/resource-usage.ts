/**
 * What a node's containers use, as a kubelet's summary says it (Kubernetes' Summary API, the part metrics-server
 * reads): CPU as nanocores averaged over `windowSeconds` before `timestamp`, memory as working-set bytes.
 * Not cluster changes: read on demand, never stored.
 */
export type Usage = Readonly<{ cpuNanoCores: number; memoryBytes: number }>;
export type ContainerUsage = Usage & Readonly<{ name: string }>;
export type PodUsage = Readonly<{ namespace: string; name: string; containers: readonly ContainerUsage[] }>;
export type NodeUsage = Usage & Readonly<{ timestamp: string; windowSeconds: number; pods: readonly PodUsage[] }>;

/** A node's kubelet measures this: the process runtime from /proc. */
export interface UsageSampler {
  sample(): Promise<NodeUsage>;
}

/** The kubelet could not be asked for its summary (unreachable, refused, or no such endpoint). */
export class UsageUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageUnavailable';
  }
}

/** How the API server asks a node's kubelet for its summary (`GET https://<node>:<port>/stats/summary`). */
export interface KubeletStats {
  summary(kubelet: Readonly<{ host: string; port: number }>): Promise<NodeUsage>;
}
