// Started by tests/integration/process-guard.test.ts: a test ava times out while the processes it started run.
import test from 'ava';
import { startGuardedTree } from '../guarded-tree.js';

test('starts a tree and never ends', async (t) => {
  await startGuardedTree(process.env.GUARD_FIXTURE_DIR!);
  await new Promise(() => undefined);
  t.pass();
});
