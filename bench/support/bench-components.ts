import { connect } from 'nats';
import type { Stoppable } from '../../application/events/while-leading.js';
import { EventStore } from '../../application/ports/event-store.js';
import type { ControlPlane } from '../../apps/control-plane/control-plane.js';
import { ensureComponentCredentials } from '../../apps/kesadm/component-credentials.js';
import { startComponentsBeside } from '../../apps/kesadm/master-components.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { BENCH_CONTROLLERS } from './bench-control-plane.js';
import { lastStreamPosition } from './bench-nats.js';
import { untilTrue } from './node-pods.js';
import type { BenchClient } from './pod-workload.js';

const ACTING = /^(scheduler|controller-manager): acting$/;

/** Resolves once KES_EVENTS holds every event the control plane has stored so far. */
async function relayCaughtUp(plane: ControlPlane, natsUrl: string): Promise<void> {
  const head = await plane.container.get<EventStore>(EventStore).headPosition();
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    await untilTrue(async () => (await lastStreamPosition(jsm)) >= head, 60_000, `KES_EVENTS to reach position ${head}`);
  } finally {
    await closeConnection(nc);
  }
}

/**
 * The scheduler and the controller manager as `kesadm init --nats` runs them beside the API server: credentials
 * issued into `dir` (their kubeconfigs), then each on a NATS connection of its own with its lease, building its
 * read models from KES_EVENTS and sending commands as NATS requests. Resolves once both act.
 */
export async function startBenchComponents(plane: ControlPlane, dir: string, natsUrl: string, client: BenchClient, log: (line: string) => void): Promise<Stoppable[]> {
  await ensureComponentCredentials(plane, dir, { server: client.server, name: 'bench', caCert: client.ca });
  await relayCaughtUp(plane, natsUrl);
  const acting = new Set<string>();
  const components = await startComponentsBeside(dir, natsUrl, BENCH_CONTROLLERS, (line) => {
    const match = ACTING.exec(line);
    if (match) acting.add(match[1]!);
    else log(line);
  });
  await untilTrue(() => acting.size === 2, 30_000, 'the scheduler and the controller manager to act');
  return components;
}
