/**
 * The guardian of one test process (an ava worker, or a process a test started that guards its own children):
 * run as `node guardian.js <marker>` with a pipe from that process as stdin. When the pipe reaches end of file —
 * the process exited, was killed by ava's timeout, by SIGKILL, however — every process carrying the marker (see
 * marked-processes.ts) is killed, whatever process group or session it is in, and the guardian exits.
 */
import { killMarked } from './marked-processes.js';

const [marker] = process.argv.slice(2);
if (!marker) {
  console.error('usage: guardian.js <marker>');
  process.exit(2);
}

let ending = false;
const end = () => {
  if (ending) return;
  ending = true;
  void killMarked(marker).finally(() => process.exit(0));
};

process.stdin.on('data', () => undefined);
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
// Told to stop (by a person or a CI reaper) it still ends what it guards.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, end);
