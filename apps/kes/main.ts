import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../adapters/cli/kesadm/program.js';
import { runKesadm } from '../kesadm/main.js';
import { STORE_FILE } from '../control-plane/container.js';

const USAGE = 'usage: kes up [--data-dir D] [kesadm init/start options]';

/** `kes up` (npm start): `kesadm init --single-node` the first time, `kesadm start` after. */
export async function runKes(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'up') {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' ? 0 : 1;
  }
  const at = rest.indexOf('--data-dir');
  const dataDir = at >= 0 ? rest[at + 1] : defaultDataDir();
  const initialized = existsSync(join(dataDir, STORE_FILE));
  return runKesadm(initialized ? ['start', ...rest] : ['init', '--single-node', ...rest]);
}
