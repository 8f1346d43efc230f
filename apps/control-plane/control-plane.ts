import { admitting } from '../../application/commands/admission.js';
import type { FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { Subscription } from 'rxjs';
import { startKubelet, type Kubelet } from '../../application/agents/kubelet.js';
import { inProcessCommandHandler, validatingHandler, type HandleCommand } from '../../application/commands/handle-command.js';
import { startRelay, type Relay } from '../../application/events/relay.js';
import { Clock } from '../../application/ports/clock.js';
import { EventBus } from '../../application/ports/event-bus.js';
import { EventStore } from '../../application/ports/event-store.js';
import { Heartbeats } from '../../application/ports/heartbeats.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { replayInto, restoreForRecentChanges } from '../../application/queries/at-position.js';
import { PastReadModels } from '../../application/queries/past-models.js';
import { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import { SNAPSHOT_EVERY, takeSnapshots, type SnapshotTaking } from '../../application/projections/snapshot-schedule.js';
import { TokenSigner } from '../../application/ports/token-signer.js';
import { SecretKeyStore } from '../../application/ports/secret-keys.js';
import { shredDeletedSecrets } from '../../application/secrets/sealed-secrets.js';
import { readModelPodConfig } from '../../application/agents/pod-config.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import { controllerManagerReconcilers, schedulerReconcilers, type ControllerSettings, type Running } from './controllers.js';
import type { NodeRegistration } from '../../domain/node/node.js';
import { buildApiServer } from '../../adapters/http/server.js';
import { KUBELET_VERSION } from '../../infrastructure/system/node-facts.js';
import type { KubeletLogs } from '../../application/ports/kubelet-logs.js';
import type { KubeletStreams } from '../../application/ports/kubelet-streams.js';
import type { KubeletStats } from '../../application/ports/resource-usage.js';
import type { KubeletServer } from '../../infrastructure/kubelet/kubelet-server.js';
import { startNodeWorkloads, type NodeWorkloads, type NodeWorkloadsSettings } from '../node/node-workloads.js';
import { inProcessAgentPorts } from './in-process-agent.js';
import { startNatsRelay, type NatsRelaySettings } from './nats-relay.js';
import { serveCommands } from '../../adapters/nats/command-server.js';
import type { NatsConnection } from 'nats';
import type { NatsCredentialIssuer } from '../../application/ports/nats-credentials.js';

export type ControlPlaneSettings = ControllerSettings & Readonly<{
  host: string;
  /** Events between projection snapshots (when the container keeps them); default SNAPSHOT_EVERY. */
  snapshotEvery?: number;
  port: number;
  heartbeatMs: number;
  log: (line: string) => void;
  /** Serve HTTPS with this key and certificate; `caCert` (the CA that signed it) is handed out to joining nodes. */
  tls?: Readonly<{ key: string; cert: string; caCert?: string }>;
  /** The master's own node runs pods and node ports with these settings; without them it only registers and heartbeats. */
  node?: NodeWorkloadsSettings;
  /** How the API server reads container logs from kubelets (with its kubelet client certificate). */
  kubeletLogs?: KubeletLogs;
  /** exec, attach and port-forward to the kubelets. */
  kubeletStreams?: KubeletStreams;
  /** How the API server reads what nodes use (metrics.k8s.io) from kubelets. */
  kubeletStats?: KubeletStats;
  /**
   * Publish every stored event on NATS JetStream (KES_EVENTS) and serve commands over NATS (kes.commands.<Type>),
   * for components in other processes and integrators; the scheduler and controller manager then run as components.
   */
  nats?: Omit<NatsRelaySettings, 'log'> & Readonly<{ connection: NatsConnection; nodeCredentials?: NatsCredentialIssuer }>;
}>;

export type ControlPlane = Readonly<{
  /** For commands from outside the process: validated at the boundary. */
  handle: HandleCommand;
  /** For commands made in this process (reconcilers, local kubelets). */
  handleInProcess: HandleCommand;
  models: ReadModels;
  container: Container;
  /** `kubeletServer`: the node's kubelet API, started before (its port is in the registration), served with its workloads. */
  startLocalKubelet: (registration: NodeRegistration, kubeletServer?: KubeletServer) => Kubelet;
  listen: () => Promise<string>;
  stop: () => Promise<void>;
}>;

/** Wires the API server, the relay, the read models and the controllers of one master process. */
export async function startControlPlane(container: Container, settings: ControlPlaneSettings): Promise<ControlPlane> {
  const store = container.get<EventStore>(EventStore);
  const bus = container.get<EventBus>(EventBus);
  const clock = container.get<Clock>(Clock);
  const ids = container.get<IdGenerator>(IdGenerator);
  const heartbeats = container.get<Heartbeats>(Heartbeats);
  const models = container.get(ReadModels);
  // Commands read what admission needs (a pod's PriorityClass) from the read models, as kube-apiserver's admission does.
  const handleInProcess = admitting(models, inProcessCommandHandler(store, ids));
  const handle = validatingHandler(handleInProcess);

  const secretKeys = container.get<SecretKeyStore>(SecretKeyStore);
  const shredding = shredDeletedSecrets(models, secretKeys, (e) => settings.log(`secret keys: ${e}`));
  // Like an informer: list (the newest snapshot, then the store up to its head), then follow the bus from there.
  const snapshots = container.isBound(ProjectionSnapshots) ? container.get<ProjectionSnapshots>(ProjectionSnapshots) : undefined;
  const snapshotting = snapshots && (await startSnapshots(models, store, snapshots, settings));
  await replayInto(models, store);
  const listed = models.position;
  const relay: Relay = startRelay(store, bus, { load: async () => listed, save: async () => undefined }, { onError: (e) => settings.log(`relay: ${e}`) });
  const following: Subscription = bus.follow(listed).subscribe((event) => models.apply(event));

  const run = ({ reconciler, concurrency }: Running) => new ReconcilerRunner(reconciler, { sender: { send: handleInProcess }, clock, ids, log: settings.log }, { concurrency, caughtUp: (p) => caughtUp(models, p) }).start();
  const deps = { models, heartbeats, clock, ids, ...(settings.tls?.caCert ? { rootCaCert: settings.tls.caCert } : {}) };
  // Over NATS the scheduler and the controller manager run as components of their own (started by kesadm or apart).
  const runners = settings.nats ? [] : [...controllerManagerReconcilers(deps, settings), ...schedulerReconcilers(deps)].map(run);

  const server: FastifyInstance = buildApiServer({
    models, store, past: new PastReadModels(store, snapshots), handle, clock, ids, heartbeats, secretKeys,
    credentials: container.get<Credentials>(Credentials),
    serviceAccountTokens: container.get<TokenSigner>(TokenSigner),
    kubernetesVersion: KUBELET_VERSION.replace(/-kes$/, ''),
    ...(settings.tls?.caCert ? { caCert: settings.tls.caCert } : {}),
    ...(settings.kubeletLogs ? { kubeletLogs: settings.kubeletLogs } : {}),
    ...(settings.kubeletStreams ? { kubeletStreams: settings.kubeletStreams } : {}),
    ...(settings.kubeletStats ? { kubeletStats: settings.kubeletStats } : {}),
    ...(settings.nats?.nodeCredentials ? { natsCredentials: settings.nats.nodeCredentials } : {}),
  }, settings.tls ? { key: settings.tls.key, cert: settings.tls.cert } : undefined);
  const nats = settings.nats;
  const natsRelay = nats ? await startNatsRelay(store, nats.connection, { ...nats, log: settings.log }) : undefined;
  const natsCommands = nats ? serveCommands(nats.connection, { models, credentials: container.get<Credentials>(Credentials), serviceAccountTokens: container.get<TokenSigner>(TokenSigner), clock, ids, handle, refusals: server.refusals }) : undefined;
  const kubelets: Kubelet[] = [];
  const workloads: Promise<NodeWorkloads | undefined>[] = [];
  const podConfig = readModelPodConfig(models, container.get<SecretKeyStore>(SecretKeyStore));

  return {
    handle,
    handleInProcess,
    models,
    container,
    startLocalKubelet: (registration, kubeletServer) => {
      const ports = inProcessAgentPorts(handleInProcess, heartbeats, bus, clock);
      const kubelet = startKubelet(registration, { ...ports, clock, ids, log: settings.log }, { heartbeatMs: settings.heartbeatMs, retryMs: 500 });
      kubelets.push(kubelet);
      const node = settings.node;
      if (node) {
        const deps = { nodeName: registration.name, models, sender: ports.sender, config: podConfig, clock, ids, log: settings.log, kubeletServer };
        workloads.push(kubelet.registered.then(() => startNodeWorkloads(deps, node)).catch((error: Error) => void settings.log(`kubelet ${registration.name}: ${error.message}`)));
      }
      return kubelet;
    },
    listen: () => server.listen({ host: settings.host, port: settings.port }),
    stop: async () => {
      kubelets.forEach((k) => k.stop());
      await Promise.all(workloads.map((started) => started.then((w) => w?.stop())));
      runners.forEach((r) => r.stop());
      server.server.closeAllConnections?.();
      await server.close();
      following.unsubscribe();
      snapshotting?.subscription.unsubscribe();
      await snapshotting?.flushed();
      shredding.unsubscribe();
      await relay.stop();
      natsCommands?.unsubscribe();
      await natsRelay?.stop();
      await bus.close();
      await store.close();
    },
  };
}

/**
 * The read models from a snapshot of this log (the newest one at least `every` events old, so the replay after it
 * leaves that many recent changes for watches), and a snapshot taken every so many events from then on.
 */
async function startSnapshots(models: ReadModels, store: EventStore, snapshots: ProjectionSnapshots, settings: Pick<ControlPlaneSettings, 'log' | 'snapshotEvery'>): Promise<SnapshotTaking> {
  const every = settings.snapshotEvery ?? SNAPSHOT_EVERY;
  await restoreForRecentChanges(models, store, snapshots, every);
  return takeSnapshots(models, snapshots, await snapshots.positions(), { every, onError: (e) => settings.log(`snapshots: ${e.message}`) });
}
