import type { KubeletAddress } from './kubelet-logs.js';

/** The kubelet's streaming endpoints, as Kubernetes names them on port 10250. */
export type KubeletStreamKind = 'exec' | 'attach' | 'portForward';

/** An upgrade request for one of them: the pod (and container) it is about, the client's query and upgrade headers. */
export type KubeletStreamRequest = Readonly<{
  kind: KubeletStreamKind;
  namespace: string;
  pod: string;
  /** Not for portForward. */
  container?: string;
  /** The client's query string as it came (command=…&stdin=true…), without '?'. */
  query: string;
  /** The headers of the upgrade (Upgrade, Connection, Sec-WebSocket-*) to pass on. */
  headers: Readonly<Record<string, string>>;
}>;

/**
 * How the API server hands an upgraded connection (exec, attach, port-forward) to the kubelet of the pod's node, as
 * kube-apiserver does: it opens the kubelet's endpoint with its kubelet client certificate, sends the client's
 * upgrade request, and from then on passes bytes both ways unchanged — the kubelet's answer (101 and the stream, or
 * an error Status) reaches the client as the kubelet gave it. Rejects with `KubeletUnreachable` when the kubelet
 * cannot be reached, before anything was written to the client.
 */
export interface KubeletStreams {
  splice(kubelet: KubeletAddress, request: KubeletStreamRequest, client: NodeJS.ReadWriteStream, head: Uint8Array): Promise<void>;
}
