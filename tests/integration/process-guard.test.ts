import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markedProcesses, reapLeftovers, TEST_RUN_VAR } from '../support/marked-processes.js';
import { guardThisProcess, spawnGuarded } from '../support/process-guard.js';
import { alive } from '../support/process-pods.js';
import { eventually, ROOT } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

const FIXTURES = join(ROOT, 'dist', 'tests', 'support', 'guard-fixtures');
const AVA = join(ROOT, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');

/** A directory for a tree's pids; at teardown whatever of the tree still runs is killed, pass or fail. */
function treeDir(t: ExecutionContext) {
  const dir = tempDir('kes-guard-');
  t.teardown(() => {
    for (const pid of pidsIn(dir.path) ?? []) if (alive(pid)) process.kill(pid, 'SIGKILL');
    dir.remove();
  });
  return dir.path;
}

const pidsIn = (dir: string) => (existsSync(join(dir, 'pids.json')) ? (JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8')) as number[]) : undefined);

/** The test process stand-in: started through the guard too, so it goes if this test fails. */
function holder(t: ExecutionContext, dir: string, mode: 'hold' | 'exit' | 'throw') {
  const child = spawnGuarded(process.execPath, [join(FIXTURES, 'tree-holder.js'), dir, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
  t.teardown(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited, stderr: () => stderr };
}

const treeStarted = async (dir: string) => (await eventually(() => pidsIn(dir), (p) => p !== undefined, 60_000))!;

const allGone = (pids: number[]) => eventually(() => pids.filter(alive), (left) => left.length === 0, 60_000);

test('a tree started through the guard dies with the process that started it when that process is SIGKILLed: container, sessions and all', async (t) => {
  const dir = treeDir(t);
  const { child, exited } = holder(t, dir, 'hold');
  const pids = await treeStarted(dir);
  t.is(pids.length, 6);
  t.deepEqual(pids.filter(alive), pids, 'the whole tree runs before its starter dies');
  process.kill(child.pid!, 'SIGKILL');
  t.is(await exited, 'SIGKILL');
  t.deepEqual(await allGone(pids), []);
});

test('a tree started through the guard dies with the process that started it when that process exits without stopping it', async (t) => {
  const dir = treeDir(t);
  const { exited } = holder(t, dir, 'exit');
  const pids = await treeStarted(dir);
  t.is(await exited, 0);
  t.deepEqual(await allGone(pids), []);
});

test('a tree started through the guard dies with the process that started it when that process dies of an exception', async (t) => {
  const dir = treeDir(t);
  const { exited, stderr } = holder(t, dir, 'throw');
  const pids = await treeStarted(dir);
  t.is(await exited, 1);
  t.regex(stderr(), /a test that throws before its teardown/);
  t.deepEqual(await allGone(pids), []);
});

/** Runs one fixture test file with ava (its own config: a 5 s timeout; the default reporter, as ava 7's TAP reporter crashes on a timeout) and waits for ava to end. */
async function avaRun(t: ExecutionContext, fixture: string, dir: string) {
  const ava = spawnGuarded(process.execPath, [AVA, '--config', join(FIXTURES, 'ava.config.js'), join(FIXTURES, fixture)], {
    cwd: ROOT, env: { ...process.env, GUARD_FIXTURE_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => void (ava.exitCode === null && ava.signalCode === null && ava.kill('SIGKILL')));
  let output = '';
  ava.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  ava.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => ava.once('exit', (c) => resolve(c)));
  return { code, output };
}

test('a test ava times out leaves none of the processes it started', async (t) => {
  const dir = treeDir(t);
  const { code, output } = await avaRun(t, 'times-out.fixture.js', dir);
  t.not(code, 0);
  t.regex(output, /Timed out while running tests/);
  const pids = pidsIn(dir);
  t.truthy(pids, `the fixture started its tree before the timeout:\n${output}`);
  t.deepEqual(await allGone(pids!), []);
});

test('a test that throws before its teardown leaves none of the processes it started', async (t) => {
  const dir = treeDir(t);
  const { code, output } = await avaRun(t, 'throws.fixture.js', dir);
  t.not(code, 0);
  t.regex(output, /a test that throws before its teardown/);
  const pids = pidsIn(dir);
  t.truthy(pids, output);
  t.deepEqual(await allGone(pids!), []);
});

test('every process a guarded tree started carries its marker, and reaping that marker kills them all', async (t) => {
  const dir = treeDir(t);
  holder(t, dir, 'hold');
  const pids = await treeStarted(dir);
  const mine = guardThisProcess();
  t.is(process.env[TEST_RUN_VAR], mine);
  const marked = markedProcesses(mine);
  const treeMarker = marked.find((p) => p.pid === pids[0])!.marker;
  t.true(treeMarker.startsWith(`${mine}/`), 'nested under this process\'s marker');
  t.deepEqual(pids.filter((pid) => !marked.some((p) => p.pid === pid)), [], 'the container of the process runtime too');
  const reaped = await reapLeftovers(treeMarker, 0);
  t.true(pids.every((pid) => reaped.some((p) => p.pid === pid)));
  t.deepEqual(await allGone(pids), []);
});
