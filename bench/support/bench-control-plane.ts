import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { Clock } from '../../application/ports/clock.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { controlPlaneContainer } from '../../apps/control-plane/container.js';
import { startControlPlane } from '../../apps/control-plane/control-plane.js';
import type { ControllerSettings } from '../../apps/control-plane/controllers.js';
import { connectMasterNats } from '../../apps/kesadm/master-nats.js';
import type { NodeWorkloadsSettings } from '../../apps/node/node-workloads.js';
import { ensureClusterPki } from '../../infrastructure/crypto/cluster-pki.js';

/** Nodes are slow to be declared NotReady: a bench is no test of that, and its simulated nodes send no heartbeats. */
export const BENCH_CONTROLLERS: ControllerSettings = { nodeMonitorGracePeriodMs: 3_600_000, nodeMonitorPeriodMs: 60_000, defaultTolerationSeconds: 300 };

export type BenchPlaneOptions = Readonly<{
  /** The master's own node runs pods once registered with `startLocalKubelet`. */
  node?: NodeWorkloadsSettings;
  /** Publish to KES_EVENTS and serve commands on this nats-server, as `kesadm init --nats` does; the scheduler and controller manager are then left to components. */
  nats?: string;
}>;

/**
 * A control plane in this process on 127.0.0.1:`port`, its store and PKI under `dir`, with the cluster initialized,
 * the `default` namespace made and the API listening. `stop` stops it and closes its NATS connection.
 */
export async function benchControlPlane(dir: string, port: number, log: (line: string) => void, options: BenchPlaneOptions = {}) {
  const pki = await ensureClusterPki(join(dir, 'pki'), ['localhost']);
  const server = `https://127.0.0.1:${port}`;
  const nats = options.nats ? await connectMasterNats(options.nats) : undefined;
  const container = controlPlaneContainer(join(dir, 'kes.db'), join(dir, 'secret-keys'), nats ? { heartbeats: nats.heartbeats } : {});
  const plane = await startControlPlane(container, {
    host: '127.0.0.1', port, heartbeatMs: 60_000, ...BENCH_CONTROLLERS,
    log, tls: { key: pki.serverKey, cert: pki.serverCert, caCert: pki.caCert },
    ...(options.node ? { node: options.node } : {}),
    ...(nats ? { nats: { connection: nats.connection, source: 'kes://bench', schemas: `${server}/kes/v1/schemas` } } : {}),
  });
  const credentials = container.get<Credentials>(Credentials);
  const ids = container.get<IdGenerator>(IdGenerator);
  const clock = container.get<Clock>(Clock);
  const admin = (type: string, data: object) => plane.handle({ type, data, metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() } });
  const token = credentials.randomToken(48);
  await admin('InitializeCluster', { clusterName: 'bench', apiEndpoint: server, adminTokenHash: credentials.hash(token), kubernetesVersion: 'v1.32.0' });
  await admin('CreateNamespace', { meta: { name: 'default', uid: ids.newId(), labels: {} } });
  await plane.listen();
  const stop = async () => {
    await plane.stop();
    await nats?.close();
  };
  return { plane, admin, clock, ids, stop, client: { server, token, ca: pki.caCert } };
}
