#!/usr/bin/env node
// Runs the ava suite (compiled tests in dist/) and ends with the line CI reads: `N passed, M failed[, K skipped]`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

const hasNatsServer = () =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'].some((dir) => {
    try {
      return dir && (accessSync(join(dir, 'nats-server'), constants.X_OK), true);
    } catch {
      return false;
    }
  });

if (!hasNatsServer()) {
  if (process.getuid?.() === 0) {
    console.log('nats-server is missing: installing it with apt-get');
    spawnSync('sh', ['-c', 'apt-get update && apt-get install -y nats-server'], { stdio: 'inherit' });
  }
  if (!hasNatsServer()) console.error('nats-server is not installed: run `apt-get install -y nats-server` (as root); the NATS tests will fail');
}

// Every process the tests start carries this run's marker (tests/support/marked-processes.ts): what is left after
// the suite has leaked, and is killed.
const run = `kes-suite-${process.pid}-${randomBytes(4).toString('hex')}`;
const ava = spawn('npx', ['ava', '--tap', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, KES_TEST_RUN: run } });
const exited = new Promise((resolve) => {
  ava.on('exit', (code) => resolve(code ?? 1));
  ava.on('error', (error) => (console.error(`cannot run ava: ${error.message}`), resolve(1)));
});
let passed = 0, failed = 0, skipped = 0, planned = false;
for await (const line of createInterface({ input: ava.stdout })) {
  console.log(line);
  if (/^1\.\.\d+$/.test(line)) planned = true;
  const result = /^(not )?ok\b/.exec(line);
  if (!result) continue;
  if (/#\s*(SKIP|TODO)\b/i.test(line)) skipped++;
  else if (result[1]) failed++;
  else passed++;
}
const code = await exited;
if (!planned) {
  // ava 7's TAP reporter crashes when a test times out (avajs/ava#3461), and the rest of the suite never runs.
  console.log(`not ok - ava ended (exit code ${code}) before reporting the whole suite: a test timed out, or ava crashed (see its stderr)`);
  failed++;
}
await reportLeakedProcesses(run);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);

/** Kills the processes of this run still alive after the suite (its guardians given time to end theirs) and says how many. */
async function reportLeakedProcesses(marker) {
  try {
    const { reapLeftovers } = await import('../dist/tests/support/marked-processes.js');
    const leaked = await reapLeftovers(marker);
    for (const p of leaked) console.log(`# leaked: pid ${p.pid} ${p.command.slice(0, 160)}`);
    console.log(`# leaked processes killed after the suite: ${leaked.length}`);
  } catch (error) {
    console.error(`cannot look for leaked processes: ${error.message}`);
  }
}
