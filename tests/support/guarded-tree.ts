import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnGuarded } from './process-guard.js';
import { eventually } from './processes.js';

const KUBELET = join(dirname(fileURLToPath(import.meta.url)), 'process-runtime-child.js');

/** A process with a child in its process group and one in a session of its own; prints the three pids as JSON. */
const TREE = `const { spawn } = require('child_process');
const idle = ['-e', 'setInterval(() => {}, 1000)'];
const inGroup = spawn(process.execPath, idle, { stdio: 'ignore' });
const ownSession = spawn(process.execPath, idle, { stdio: 'ignore', detached: true });
console.log(JSON.stringify([process.pid, inGroup.pid, ownSession.pid]));
setInterval(() => {}, 1000);`;

function outputOf(child: ReturnType<typeof spawnGuarded>): () => string {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/**
 * Starts, through spawnGuarded, what a test may leave behind: a kubelet stand-in whose process runtime runs a
 * container (a session of its own, an environment of its own) with a child, and a process with a child in its
 * group and one in a session of its own. Writes every pid, once all run, to `<dir>/pids.json` and returns them.
 */
export async function startGuardedTree(dir: string): Promise<number[]> {
  const kubelet = spawnGuarded(process.execPath, [KUBELET, join(dir, 'runtime'), 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tree = spawnGuarded(process.execPath, ['-e', TREE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [kubeletOutput, treeOutput] = [outputOf(kubelet), outputOf(tree)];
  const running = await eventually(() => /running (\d+) (\d+)/.exec(kubeletOutput()), (match) => match !== null, 30_000);
  const treePids = await eventually(() => /^\[.*\]$/m.exec(treeOutput()), (match) => match !== null, 30_000);
  const pids = [kubelet.pid!, Number(running![1]), Number(running![2]), ...(JSON.parse(treePids![0]) as number[])];
  writeFileSync(join(dir, 'pids.json'), JSON.stringify(pids));
  return pids;
}
