/**
 * Issues NATS credentials (a `.creds` file's text) to a node as it joins, so its kubelet may follow the cluster's
 * events, send commands and publish its own heartbeat over NATS, and nothing more. Absent where NATS is not used.
 */
export interface NatsCredentialIssuer {
  forNode(name: string): Promise<string>;
}
