import test from 'ava';
import { RestartBackoff } from '../../infrastructure/runtime/process/backoff.js';
import { containerBecomes, nodeContainer, podBecomes, podView, processRuntime } from '../support/process-pods.js';

const exitWith = (code: number) => nodeContainer('app', `setTimeout(() => process.exit(${code}), 50)`);

test('the back-off restarts at once, then waits base doubling up to the cap, and forgets after a long run', (t) => {
  const backoff = new RestartBackoff({ baseMs: 10_000, capMs: 300_000, resetAfterMs: 600_000 });
  t.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => backoff.next(1_000)), [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  t.is(backoff.next(600_000), 0, 'a run of ten minutes starts over');
  t.is(backoff.next(5), 10_000);
});

test('restartPolicy Always restarts a crashing container, backing off in CrashLoopBackOff, and keeps its last termination', async (t) => {
  const { runtime } = await processRuntime(t, { backoff: { baseMs: 1_500, capMs: 3_000 } });
  await runtime.start('default.crash', podView('crash', [exitWith(3)]));
  const backingOff = await containerBecomes(runtime, 'default.crash', 'app', (s) => 'waiting' in s.state && s.state.waiting.reason === 'CrashLoopBackOff');
  t.is(backingOff.restartCount, 1, 'the first restart is immediate; the second crash backs off');
  t.regex(('waiting' in backingOff.state && backingOff.state.waiting.message) || '', /^back-off 1.5s restarting failed container=app pod=crash_default\(uid-crash\)$/);
  t.like(backingOff.lastState?.terminated, { exitCode: 3, reason: 'Error' });
  t.truthy(backingOff.lastState?.terminated.startedAt && backingOff.lastState.terminated.finishedAt);
  t.false(backingOff.ready);
  const status = runtime.status('default.crash')!;
  t.is(status.phase, 'Running', 'a pod whose containers restart stays Running');
  t.like(status.conditions.find((c) => c.type === 'Ready'), { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  const later = await containerBecomes(runtime, 'default.crash', 'app', (s) => s.restartCount >= 2);
  t.is(later.restartCount, 2);
});

test('restartPolicy OnFailure restarts a failure but not a success, which ends the pod Succeeded', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.fail', podView('fail', [exitWith(1)], { restartPolicy: 'OnFailure' }));
  await runtime.start('default.done', podView('done', [exitWith(0)], { restartPolicy: 'OnFailure' }));
  await containerBecomes(runtime, 'default.fail', 'app', (s) => s.restartCount >= 2);
  t.is(runtime.status('default.fail')!.phase, 'Running');
  const done = await podBecomes(runtime, 'default.done', (s) => s.phase === 'Succeeded');
  t.like(done.containerStatuses[0], { restartCount: 0, ready: false });
  t.like('terminated' in done.containerStatuses[0].state && done.containerStatuses[0].state.terminated, { exitCode: 0, reason: 'Completed' });
  t.like(done.conditions.find((c) => c.type === 'Ready'), { status: 'False', reason: 'PodCompleted' });
});

test('restartPolicy Never leaves a failed container terminated and the pod Failed; Succeeded only when all succeed', async (t) => {
  const { runtime } = await processRuntime(t);
  await runtime.start('default.once', podView('once', [exitWith(2)], { restartPolicy: 'Never' }));
  await runtime.start('default.mixed', podView('mixed', [{ ...exitWith(0), name: 'ok' }, { ...exitWith(0), name: 'slow', command: [process.execPath, '-e', 'setTimeout(() => process.exit(0), 600)'] }], { restartPolicy: 'Never' }));
  const failed = await podBecomes(runtime, 'default.once', (s) => s.phase === 'Failed');
  t.like(failed.containerStatuses[0], { restartCount: 0 });
  t.like('terminated' in failed.containerStatuses[0].state && failed.containerStatuses[0].state.terminated, { exitCode: 2, reason: 'Error' });
  const running = await podBecomes(runtime, 'default.mixed', (s) => 'terminated' in s.containerStatuses[0].state);
  t.true(['Running', 'Succeeded'].includes(running.phase), 'one container still runs: not yet Succeeded');
  await podBecomes(runtime, 'default.mixed', (s) => s.phase === 'Succeeded');
  t.pass();
});

test('changes tells each change of a pod’s status, once', async (t) => {
  const { runtime } = await processRuntime(t);
  const seen: string[] = [];
  const subscription = runtime.changes.subscribe((key) => seen.push(JSON.stringify(runtime.status(key))));
  t.teardown(() => subscription.unsubscribe());
  await runtime.start('default.job', podView('job', [exitWith(0)], { restartPolicy: 'Never' }));
  await podBecomes(runtime, 'default.job', (s) => s.phase === 'Succeeded');
  t.true(seen.length >= 3);
  t.is(new Set(seen).size, seen.length, 'no status is told twice in a row');
  t.regex(seen.at(-1)!, /"phase":"Succeeded"/);
});
