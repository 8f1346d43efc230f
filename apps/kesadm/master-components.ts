import type { Stoppable } from '../../application/events/while-leading.js';
import { COMPONENTS } from '../../domain/cluster/cluster.js';
import { runComponent } from '../components/run-from-kubeconfig.js';
import { controllerManagerComponent, SCHEDULER_COMPONENT } from '../components/specs.js';
import type { ControllerSettings } from '../control-plane/controllers.js';
import { componentKubeconfig } from './component-credentials.js';
import { natsCreds, readCreds } from './nats-users.js';

/** How long a component's lease lasts: another takes over within this when the acting one dies. */
export const COMPONENT_LEASE_MS = 15_000;

/**
 * The scheduler and the controller manager beside the API server, wired through NATS exactly as `kes scheduler`
 * and `kes controller-manager` are (their own connections, credentials and leases), so that external ones can
 * join them and only one of each acts.
 */
export async function startComponentsBeside(dataDir: string, nats: string, controllers: ControllerSettings, log: (line: string) => void): Promise<Stoppable[]> {
  const settings = { leaderElect: true, leaseMs: COMPONENT_LEASE_MS, log };
  const specs = { scheduler: SCHEDULER_COMPONENT, 'controller-manager': controllerManagerComponent(controllers) };
  const started: Stoppable[] = [];
  for (const component of COMPONENTS)
    started.push(await runComponent(specs[component], nats, componentKubeconfig(dataDir, component), settings, readCreds(natsCreds(dataDir, component))));
  return started;
}
