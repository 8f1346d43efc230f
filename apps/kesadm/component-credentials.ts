import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { componentCredential } from '../../application/auth/authenticate.js';
import { Clock } from '../../application/ports/clock.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { COMPONENTS, type Component } from '../../domain/cluster/cluster.js';
import { readKubeconfig, writeKubeconfig } from '../../adapters/cli/kubeconfig.js';
import type { ControlPlane } from '../control-plane/control-plane.js';

/** Where a component's kubeconfig is kept: DATA_DIR/scheduler.kubeconfig, DATA_DIR/controller-manager.kubeconfig (kubeadm's scheduler.conf). */
export const componentKubeconfig = (dataDir: string, component: Component) => join(dataDir, `${component}.kubeconfig`);

function tokenIn(file: string): string | undefined {
  try {
    return existsSync(file) ? readKubeconfig(file).token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A credential for each component that runs as a process of its own (`kes scheduler`, `kes controller-manager`),
 * written to its kubeconfig (0600) beside the admin's. One whose kubeconfig still holds the credential the cluster
 * knows is kept; a missing or unknown one is issued anew, which revokes the one before.
 */
export async function ensureComponentCredentials(plane: ControlPlane, dataDir: string, cluster: Readonly<{ server: string; name: string; caCert: string }>): Promise<void> {
  const credentials = plane.container.get<Credentials>(Credentials);
  const ids = plane.container.get<IdGenerator>(IdGenerator);
  const clock = plane.container.get<Clock>(Clock);
  const state = plane.models.cluster;
  for (const component of COMPONENTS) {
    const file = componentKubeconfig(dataDir, component);
    const kept = tokenIn(file);
    const known = state.status === 'initialized' ? state.components[component] : undefined;
    if (kept && known && credentials.matches(kept, known)) continue;
    const token = componentCredential(component, credentials.randomToken(32));
    await plane.handle({
      type: 'IssueComponentCredential',
      data: { component, tokenHash: credentials.hash(token) },
      metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() },
    });
    writeKubeconfig(file, { server: cluster.server, token, clusterName: cluster.name, userName: `system:kes-${component}`, caData: cluster.caCert });
  }
}
