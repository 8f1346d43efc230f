// The ava configuration of the fixtures tests/integration/process-guard.test.ts runs: a short timeout to hit.
export default {
  files: ['dist/tests/support/guard-fixtures/*.fixture.js'],
  timeout: '5s',
  workerThreads: false,
};
