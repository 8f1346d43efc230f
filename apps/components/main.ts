import { readFileSync } from 'node:fs';
import type { ComponentOptions } from '../../adapters/cli/kes/program.js';
import { untilSignal } from '../kesadm/signals.js';
import { runComponent } from './run-from-kubeconfig.js';
import type { ComponentSpec } from './component.js';


/** `kes scheduler` / `kes controller-manager`: runs the component until SIGINT or SIGTERM, then stops it cleanly. */
export async function runComponentProcess(spec: ComponentSpec, o: ComponentOptions): Promise<void> {
  const stopRequested = untilSignal();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const creds = o.natsCreds ? readFileSync(o.natsCreds, 'utf8') : undefined;
  const running = await runComponent(spec, o.nats, o.kubeconfig, { leaderElect: o.leaderElect, leaseMs: o.leaseDuration, log }, creds);
  log(`kes ${spec.component} running (NATS ${o.nats}${o.leaderElect ? `, leader election on lease ${spec.lease}` : ''})`);
  await stopRequested;
  log(`stopping the ${spec.component}`);
  await running.stop();
}
