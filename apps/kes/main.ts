import 'reflect-metadata';
import { CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildKes } from '../../adapters/cli/kes/program.js';
import { defaultDataDir } from '../../adapters/cli/kesadm/program.js';
import { STORE_FILE } from '../control-plane/container.js';
import { runKesadm } from '../kesadm/main.js';
import { KesadmError } from '../kesadm/master.js';
import { simulate } from '../simulate/simulate.js';
import { runComponentProcess } from '../components/main.js';
import { controllerManagerComponent, SCHEDULER_COMPONENT } from '../components/specs.js';
import { monitorPeriodFor } from '../control-plane/controllers.js';

/** `kes up` (npm start): `kesadm init --single-node` the first time, `kesadm start` after. */
function up(args: readonly string[]): Promise<number> {
  const at = args.indexOf('--data-dir');
  const dataDir = at >= 0 ? args[at + 1] : defaultDataDir();
  const initialized = existsSync(join(dataDir, STORE_FILE));
  return runKesadm(initialized ? ['start', ...args] : ['init', '--single-node', ...args]);
}

export async function runKes(argv: readonly string[]): Promise<number> {
  const program = buildKes({
    up,
    simulate,
    scheduler: (o) => runComponentProcess(SCHEDULER_COMPONENT, o),
    controllerManager: (o) =>
      runComponentProcess(controllerManagerComponent({
        nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriod,
        nodeMonitorPeriodMs: monitorPeriodFor(o.nodeMonitorGracePeriod),
        defaultTolerationSeconds: o.defaultUnreachableTolerationSeconds,
      }), o),
  }).exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`error: ${error instanceof KesadmError ? error.message : (error as Error).message}\n`);
    return 1;
  }
}
