import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { Clock } from '../../application/ports/clock.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { controlPlaneContainer } from '../../apps/control-plane/container.js';
import { startControlPlane } from '../../apps/control-plane/control-plane.js';
import type { NodeWorkloadsSettings } from '../../apps/node/node-workloads.js';
import { ensureClusterPki } from '../../infrastructure/crypto/cluster-pki.js';

/**
 * A control plane in this process on 127.0.0.1:`port`, its store and PKI under `dir`, with the cluster initialized,
 * the `default` namespace made and the API listening. Nodes are slow to be declared NotReady (a bench is no test
 * of that). With `node`, the master's own node runs pods once registered with `startLocalKubelet`.
 */
export async function benchControlPlane(dir: string, port: number, log: (line: string) => void, node?: NodeWorkloadsSettings) {
  const pki = await ensureClusterPki(join(dir, 'pki'), ['localhost']);
  const container = controlPlaneContainer(join(dir, 'kes.db'), join(dir, 'secret-keys'));
  const plane = await startControlPlane(container, {
    host: '127.0.0.1', port, nodeMonitorGracePeriodMs: 3_600_000, nodeMonitorPeriodMs: 60_000, heartbeatMs: 60_000,
    defaultTolerationSeconds: 300, log, tls: { key: pki.serverKey, cert: pki.serverCert, caCert: pki.caCert },
    ...(node ? { node } : {}),
  });
  const credentials = container.get<Credentials>(Credentials);
  const ids = container.get<IdGenerator>(IdGenerator);
  const clock = container.get<Clock>(Clock);
  const admin = (type: string, data: object) => plane.handle({ type, data, metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() } });
  const token = credentials.randomToken(48);
  const server = `https://127.0.0.1:${port}`;
  await admin('InitializeCluster', { clusterName: 'bench', apiEndpoint: server, adminTokenHash: credentials.hash(token), kubernetesVersion: 'v1.32.0' });
  await admin('CreateNamespace', { meta: { name: 'default', uid: ids.newId(), labels: {} } });
  await plane.listen();
  return { plane, admin, clock, ids, client: { server, token, ca: pki.caCert } };
}
