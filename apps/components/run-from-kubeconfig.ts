import type { Stoppable } from '../../application/events/while-leading.js';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { startComponent, type ComponentSettings, type ComponentSpec } from './component.js';
import { componentContainer } from './container.js';

/**
 * A component with a NATS connection of its own (with its NATS credentials, when the cluster has NATS users) and the
 * credential of its kubeconfig (DATA_DIR/<component>.kubeconfig,
 * written by kesadm init): how `kes scheduler` and `kes controller-manager` run, and how kesadm runs them beside the
 * API server, so both are wired the same way.
 */
export async function runComponent(spec: ComponentSpec, nats: string, kubeconfig: string, settings: ComponentSettings, creds?: string): Promise<Stoppable> {
  const config = readKubeconfig(kubeconfig);
  if (!config.token) throw new Error(`${kubeconfig} holds no token for the ${spec.component}: run kesadm start on the master to issue one`);
  const api = new ApiClient(config.server, config.token, { ca: config.caData, insecureSkipTlsVerify: config.insecureSkipTlsVerify });
  const nc = await connectNats(nats, `kes-${spec.component}`, creds);
  try {
    const { container, release } = await componentContainer({ nats: nc, api, token: config.token, leaseMs: settings.leaseMs });
    const running = await startComponent(spec, container, nc, { ...settings, ...(config.caData ? { rootCaCert: config.caData } : {}) });
    return {
      stop: async () => {
        await running.stop();
        await release();
        await closeConnection(nc);
      },
    };
  } catch (error) {
    await closeConnection(nc);
    throw error;
  }
}
