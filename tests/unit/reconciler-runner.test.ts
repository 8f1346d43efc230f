import test from 'ava';
import { Subject } from 'rxjs';
import { ReconcilerRunner, type PlannedCommand } from '../../application/reconcilers/runner.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { eventually } from '../support/processes.js';

function world() {
  const desired = new Map<string, number>();
  const actual = new Map<string, number>();
  const sent: Command[] = [];
  let failuresLeft = 0;
  const triggers = new Subject<string>();
  const reconciles: string[] = [];
  const reconciler = {
    name: 'test', actor: 'system:test', resyncMs: 60_000, triggers, subjectOf: () => undefined,
    keys: () => desired.keys(),
    reconcile: (key: string): PlannedCommand[] => {
      reconciles.push(key);
      return desired.get(key) === actual.get(key) ? [] : [{ type: 'Converge', data: { key, to: desired.get(key) } }];
    },
  };
  const sender = {
    send: async (c: Command) => {
      if (failuresLeft-- > 0) throw new Error('API server unavailable');
      sent.push(c);
      const { key, to } = c.data as { key: string; to: number };
      actual.set(key, to);
      return { stream: key, revision: 0, position: sent.length, appended: 1 };
    },
  };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: () => undefined });
  return { desired, actual, sent, triggers, reconciles, runner, failNext: (n: number) => (failuresLeft = n) };
}

test('triggers close the difference once; a key queued many times is reconciled once per drain', async (t) => {
  const w = world();
  w.desired.set('a', 1);
  w.runner.start();
  t.teardown(() => w.runner.stop());
  await eventually(() => w.actual.get('a'), (v) => v === 1);
  w.desired.set('a', 2);
  for (let i = 0; i < 10; i++) w.triggers.next('a');
  await eventually(() => w.actual.get('a'), (v) => v === 2);
  t.is(w.sent.length, 2);
  t.like(w.sent[0].metadata, { actor: 'system:test' });
  t.true(w.reconciles.filter((k) => k === 'a').length <= 3, `reconciled ${w.reconciles.length} times`);
});

test('an error requeues the key with back-off until it succeeds', async (t) => {
  const w = world();
  w.failNext(3);
  w.desired.set('b', 7);
  w.runner.start();
  t.teardown(() => w.runner.stop());
  await eventually(() => w.actual.get('b'), (v) => v === 7, 5000);
  t.is(w.runner.counters.errors, 3);
  t.is(w.runner.counters.requeues, 3);
  t.is(w.sent.length, 1);
});

test('reconciling unchanged state sends nothing', async (t) => {
  const w = world();
  w.desired.set('c', 1);
  w.actual.set('c', 1);
  w.runner.start();
  t.teardown(() => w.runner.stop());
  await eventually(() => w.reconciles.length, (n) => n >= 1);
  w.triggers.next('c');
  await eventually(() => w.reconciles.length, (n) => n >= 2);
  t.is(w.sent.length, 0);
  t.is(w.runner.counters.commands, 0);
});

test('with concurrency, several keys reconcile at once but one key never twice at once', async (t) => {
  let running = 0;
  let most = 0;
  const perKey = new Map<string, number>();
  let overlapSameKey = false;
  const reconciler = {
    name: 'slow', actor: 'system:test', resyncMs: 60_000, triggers: new Subject<string>(), subjectOf: () => undefined,
    keys: () => ['a', 'b', 'c', 'd'],
    reconcile: async (key: string) => {
      running++;
      most = Math.max(most, running);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      if (perKey.get(key)! > 1) overlapSameKey = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      perKey.set(key, perKey.get(key)! - 1);
      running--;
      return [];
    },
  };
  const sender = { send: async () => ({ stream: 's', revision: 0, position: 0, appended: 0 }) };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: () => undefined }, { concurrency: 4 }).start();
  t.teardown(() => runner.stop());
  await eventually(() => running, (n) => n === 4, 5000, 5);
  for (let i = 0; i < 5; i++) reconciler.triggers.next('a');
  await eventually(() => runner.counters.reconciles, (n) => n >= 5);
  await eventually(() => running, (n) => n === 0);
  t.is(most, 4);
  t.false(overlapSameKey);
});

test("with caughtUp, a key is reconciled again only once the reads include that key's last command", async (t) => {
  const desired = new Map([['a', 1]]);
  const view = { position: 0, actual: new Map<string, number>() };
  const log: { key: string; to: number }[] = [];
  const waiting: { position: number; resolve: () => void }[] = [];
  const triggers = new Subject<string>();
  const reconciler = {
    name: 'lagging', actor: 'system:test', resyncMs: 60_000, triggers, keys: () => desired.keys(), subjectOf: () => undefined,
    reconcile: (key: string): PlannedCommand[] => (desired.get(key) === view.actual.get(key) ? [] : [{ type: 'Converge', data: { key, to: desired.get(key) } }]),
  };
  const sender = {
    send: async (c: Command) => {
      log.push(c.data as { key: string; to: number });
      return { stream: 'a', revision: log.length - 1, position: log.length, appended: 1 };
    },
  };
  const caughtUp = (position: number) => new Promise<void>((resolve) => (view.position >= position ? resolve() : waiting.push({ position, resolve })));
  const applyLog = () => {
    for (const { key, to } of log.slice(view.position)) view.actual.set(key, to);
    view.position = log.length;
    waiting.filter((w) => w.position <= view.position).forEach((w) => w.resolve());
  };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: () => undefined }, { caughtUp }).start();
  t.teardown(() => runner.stop());
  await eventually(() => log.length, (n) => n === 1);
  for (let i = 0; i < 5; i++) triggers.next('a');
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.is(log.length, 1, 'the reads still lag behind the command, so the key waits instead of converging twice');
  applyLog();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.is(log.length, 1, 'once the reads include the command there is nothing left to do');
  t.is(view.actual.get('a'), 1);
});

test('a key whose reconcile asks to be looked at again later is reconciled again then, although nothing triggers it', async (t) => {
  const reconciles: number[] = [];
  const reconciler = {
    name: 'timed', actor: 'system:test', resyncMs: 600_000, triggers: new Subject<string>(), subjectOf: () => undefined,
    keys: () => ['a'],
    reconcile: (): PlannedCommand[] => (reconciles.push(reconciles.length), []),
    // Given a reconciler that, after its first look, wants another in 30 ms, and none after that
    requeueAfterMs: () => (reconciles.length === 1 ? 30 : undefined),
  };
  const sender = { send: async () => ({ stream: 'a', revision: 0, position: 1, appended: 0 }) };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: () => undefined });
  t.teardown(() => runner.stop());
  // When it starts (the first look is the resync's)
  runner.start();
  // Then it looks a second time by itself, well before the next resync
  await eventually(() => reconciles.length, (n) => n === 2, 5_000);
  t.is(reconciles.length, 2);
});
