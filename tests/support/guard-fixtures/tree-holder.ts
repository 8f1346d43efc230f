/**
 * A test process stand-in for tests/integration/process-guard.test.ts: `node tree-holder.js <dir> hold|exit|throw`
 * starts a guarded tree (see guarded-tree.ts), writes its pids to `<dir>/pids.json`, then waits to be killed,
 * exits at once without stopping anything, or dies of an uncaught exception.
 */
import { startGuardedTree } from '../guarded-tree.js';

const [dir, mode] = process.argv.slice(2);
await startGuardedTree(dir);
if (mode === 'exit') process.exit(0);
if (mode === 'throw') throw new Error('a test that throws before its teardown');
setInterval(() => undefined, 1_000);
