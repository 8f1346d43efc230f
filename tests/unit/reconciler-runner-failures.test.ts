import test from 'ava';
import { Subject } from 'rxjs';
import type { ReconcileSubject } from '../../application/reconcilers/reconcile-subject.js';
import { ReconcilerRunner, type PlannedCommand } from '../../application/reconcilers/runner.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { eventually } from '../support/processes.js';

const WARN_AFTER = 3;

/**
 * A reconciler whose every key wants one `Converge` sent; the sender refuses Converge with `refusal()` while it is
 * set, and records the failure reports. Keys are reconciled when triggered (the back-off is long enough not to
 * interfere), so a test counts its failures one by one.
 */
function failingWorld(subjectOf: (key: string) => ReconcileSubject | undefined = (key) => ({ kind: 'Pod', namespace: 'default', name: key })) {
  const lines: string[] = [];
  const reports: Command[] = [];
  const triggers = new Subject<string>();
  let refusal: (() => Error) | undefined = () => new Error('API server unavailable');
  const reconciler = {
    name: 'test-controller', actor: 'system:test', resyncMs: 60_000, triggers, subjectOf,
    keys: () => [],
    reconcile: (key: string): PlannedCommand[] => [{ type: 'Converge', data: { key } }],
  };
  const sender = {
    send: async (c: Command) => {
      if (c.type === 'ReportReconcileFailure') reports.push(c);
      else if (refusal) throw refusal();
      return { stream: 's', revision: 0, position: 1, appended: 1 };
    },
  };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: (line) => lines.push(line) }, { warnAfter: WARN_AFTER }).start();
  /** Reconciles `key` until it has failed `times` times in a row. */
  const failUntil = async (key: string, times: number) => {
    while (runner.failuresOf(key) < times) {
      const before = runner.counters.reconciles;
      triggers.next(key);
      await eventually(() => runner.counters.reconciles, (n) => n > before, 2000, 1);
      await eventually(() => runner.counters.errors + runner.counters.commands, (n) => n >= runner.counters.reconciles, 2000, 1);
    }
  };
  /** Triggers every key at once and waits until each has failed once. */
  const failOnce = async (keys: readonly string[]) => {
    keys.forEach((key) => triggers.next(key));
    await eventually(() => keys.every((key) => runner.failuresOf(key) >= 1), Boolean, 2000, 1);
  };
  const succeed = async (key: string) => {
    refusal = undefined;
    triggers.next(key);
    await eventually(() => runner.failuresOf(key), (n) => n === 0, 2000, 1);
  };
  return { runner, lines, reports, failUntil, failOnce, succeed, refuseWith: (make: () => Error) => (refusal = make) };
}

test('a failing reconcile is logged with its controller, key, attempt and message, and counted per key', async (t) => {
  const w = failingWorld();
  t.teardown(() => w.runner.stop());
  await w.failUntil('web-1', 2);
  t.deepEqual(w.lines.slice(0, 2), [
    'test-controller: reconcile web-1 failed (attempt 1): FailedConverge: API server unavailable',
    'test-controller: reconcile web-1 failed (attempt 2): FailedConverge: API server unavailable',
  ]);
  t.true(w.runner.counters.errors >= 2);
  t.true(w.runner.failuresOf('web-1') >= 2);
  await w.succeed('web-1');
  t.is(w.runner.failuresOf('web-1'), 0);
});

test('a key failing again the same way is logged again only at attempts 2, 4, 8, and whenever the message changes', async (t) => {
  const w = failingWorld(() => undefined);
  t.teardown(() => w.runner.stop());
  await w.failUntil('web-1', 9);
  t.deepEqual(w.lines.map((line) => /attempt (\d+)/.exec(line)?.[1]), ['1', '2', '4', '8']);
  w.refuseWith(() => new Error('disk full'));
  await w.failUntil('web-1', 10);
  t.regex(w.lines.at(-1)!, /attempt 10\): FailedConverge: disk full$/);
});

test('after WARN_AFTER failures in a row one Warning is reported on the object, and no other while the failure stays the same', async (t) => {
  const w = failingWorld();
  t.teardown(() => w.runner.stop());
  await w.failUntil('web-1', WARN_AFTER - 1);
  t.is(w.reports.length, 0);
  await w.failUntil('web-1', WARN_AFTER * 3);
  t.is(w.reports.length, 1);
  t.deepEqual(w.reports[0].data, {
    kind: 'Pod', namespace: 'default', name: 'web-1', controller: 'test-controller', reason: 'FailedConverge', message: 'API server unavailable',
  });
  t.is(w.reports[0].metadata.actor, 'system:test');
  w.refuseWith(() => new CommandRefused('Forbidden', 'pods "web-1" is forbidden'));
  await w.failUntil('web-1', WARN_AFTER * 4);
  t.deepEqual(w.reports.map((r) => (r.data as { message: string }).message), ['API server unavailable', 'pods "web-1" is forbidden']);
});

test('a failure whose message changes on every try is reported again only every WARN_AFTER failures', async (t) => {
  const w = failingWorld();
  t.teardown(() => w.runner.stop());
  let n = 0;
  w.refuseWith(() => new Error(`pods "web-${++n}" is forbidden`));
  await w.failUntil('web-1', WARN_AFTER * 3);
  t.is(w.reports.length, 3);
});

test('a success ends the streak: its count starts again from 0, and a new streak is reported again after WARN_AFTER failures', async (t) => {
  const w = failingWorld();
  t.teardown(() => w.runner.stop());
  await w.failUntil('web-1', WARN_AFTER);
  await w.succeed('web-1');
  w.refuseWith(() => new Error('API server unavailable'));
  await w.failUntil('web-1', WARN_AFTER - 1);
  t.is(w.reports.length, 1, 'the count started again');
  await w.failUntil('web-1', WARN_AFTER);
  t.is(w.reports.length, 2);
});

test('no Warning is reported for an object that no longer exists; its failures are still logged and counted', async (t) => {
  const w = failingWorld(() => undefined);
  t.teardown(() => w.runner.stop());
  await w.failUntil('gone', WARN_AFTER + 1);
  t.deepEqual(w.reports, []);
  t.true(w.runner.counters.errors >= WARN_AFTER + 1);
  t.true(w.lines.length > 0);
});

test('a kubelet reports on the pod as its node, naming the node', async (t) => {
  const w = failingWorld((key) => ({ kind: 'Pod', namespace: 'default', name: key, nodeName: 'w1', actor: 'system:node:w1' }));
  t.teardown(() => w.runner.stop());
  await w.failUntil('web-1', WARN_AFTER);
  t.like(w.reports[0], { data: { kind: 'Pod', name: 'web-1', nodeName: 'w1' }, metadata: { actor: 'system:node:w1' } });
});

test('a Conflict or NotFound on a first attempt is not logged one by one but summed up; so are lines beyond 20 a second', async (t) => {
  const w = failingWorld(() => undefined);
  t.teardown(() => w.runner.stop());
  w.refuseWith(() => new CommandRefused('Conflict', 'the object changed'));
  await w.failOnce(['a', 'b', 'c', 'd']);
  t.deepEqual(w.lines, []);
  w.refuseWith(() => new Error('API server unavailable'));
  await w.failOnce(Array.from({ length: 30 }, (_, i) => `k${i}`));
  t.true(w.lines.length <= 20, `${w.lines.length} lines`);
  const summary = await eventually(() => w.lines.find((line) => line.includes('more failed reconciles')), Boolean, 3000, 20);
  t.regex(summary!, /^test-controller: \d+ more failed reconciles, retried with back-off: FailedConverge \(Conflict\) ×4: a, b, c, …; FailedConverge ×\d+: k\d+/);
  t.true(w.runner.counters.errors >= 34);
});
