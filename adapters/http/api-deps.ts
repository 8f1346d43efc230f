import type { RefusalAggregator } from '../../application/audit/refusal-aggregator.js';
import type { Identity } from '../../application/auth/authenticate.js';
import type { OneOrMore } from '../../application/commands/handle-command.js';
import type { NatsCredentialIssuer } from '../../application/ports/nats-credentials.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Handled } from '../../application/ports/command-sender.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { Heartbeats } from '../../application/ports/heartbeats.js';
import type { Credentials, IdGenerator } from '../../application/ports/ids.js';
import type { KubeletLogs } from '../../application/ports/kubelet-logs.js';
import type { KubeletStreams } from '../../application/ports/kubelet-streams.js';
import type { KubeletStats } from '../../application/ports/resource-usage.js';
import type { SecretKeyStore } from '../../application/ports/secret-keys.js';
import type { TokenSigner } from '../../application/ports/token-signer.js';
import type { ReadModels } from '../../application/projections/read-models.js';
import type { PastReadModels } from '../../application/queries/past-models.js';

export type ApiDeps = Readonly<{
  models: ReadModels;
  store: EventStore;
  /** The read models at past positions (lists and gets at a resourceVersion), from the projection snapshots when kept. */
  past: PastReadModels;
  /** One command, or several about one object carried out together. */
  handle: (commands: OneOrMore) => Promise<Handled>;
  credentials: Credentials;
  ids: IdGenerator;
  clock: Clock;
  heartbeats: Heartbeats;
  /** Per-secret keys: Secret values are sealed before any command is built, and opened to be served. */
  secretKeys: SecretKeyStore;
  kubernetesVersion: string;
  /** The cluster CA (PEM) that signed the serving certificate; served to joining nodes at /kes/v1/cluster-ca. */
  caCert?: string;
  /** Issues a joining node its NATS credentials; absent where the cluster has no NATS users. */
  natsCredentials?: NatsCredentialIssuer;
  /** Reads container logs from the kubelets (with the apiserver-kubelet-client certificate); without it, logs are refused. */
  kubeletLogs?: KubeletLogs;
  /** Hands exec, attach and port-forward connections to the kubelets (same certificate); without it, they are refused. */
  kubeletStreams?: KubeletStreams;
  /** Reads what nodes use from their kubelets' summaries (metrics.k8s.io); without it only simulated nodes have metrics. */
  kubeletStats?: KubeletStats;
  /** Signs and checks ServiceAccount tokens (TokenRequest); without it none are issued, and none are accepted. */
  serviceAccountTokens?: TokenSigner;
  /** Where refused requests are counted and recorded; without it, one with the default window and cap, on the process' timers. */
  refusals?: RefusalAggregator;
}>;

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}
