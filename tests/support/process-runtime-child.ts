/**
 * A kubelet stand-in for the recovery tests: runs a process runtime on argv[2] with one pod whose container
 * starts a child of its own, prints `running <container pid> <grandchild pid>`, then either waits to be killed
 * (`hold`) or exits without stopping anything (`exit`).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { nodeContainer, podView } from './process-pods.js';

const [root, mode] = process.argv.slice(2);
const script = "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('fs').writeFileSync('child.pid', String(c.pid)); setInterval(() => {}, 1000)";
const runtime = await ProcessRuntime.open(root, { config: { configMap: async () => undefined, secret: async () => undefined } });
await runtime.start('default.left', podView('left', [nodeContainer('app', script)]));
const dir = join(root, 'pods/default.left/app');
const timer = setInterval(() => {
  if (!existsSync(join(dir, 'child.pid')) || !existsSync(join(dir, 'pid'))) return;
  // The files may exist before their content is written.
  const [container, child] = [readFileSync(join(dir, 'pid'), 'utf8').split(' ')[0], readFileSync(join(dir, 'child.pid'), 'utf8')];
  if (!/^\d+$/.test(container) || !/^\d+$/.test(child)) return;
  clearInterval(timer);
  console.log(`running ${container} ${child}`);
  if (mode === 'exit') process.exit(0);
}, 50);
