// Started by tests/integration/process-guard.test.ts: a test that throws before stopping the processes it started.
import test from 'ava';
import { startGuardedTree } from '../guarded-tree.js';

test('starts a tree and throws', async () => {
  await startGuardedTree(process.env.GUARD_FIXTURE_DIR!);
  throw new Error('a test that throws before its teardown');
});
