import test from 'ava';
import { RefusalAggregator, type Refusal } from '../../application/audit/refusal-aggregator.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Timers } from '../../application/ports/timers.js';
import type { RefusalRecord } from '../../domain/audit/audit.js';

/** A clock and timers that move only when the test says. */
function fakeTime(start = Date.parse('2026-12-01T10:00:00.000Z')) {
  let now = start;
  let pending: { at: number; run: () => void; cancelled: boolean }[] = [];
  const clock: Clock = { now: () => new Date(now).toISOString(), nowMs: () => now };
  const timers: Timers = {
    after(ms, run) {
      const timer = { at: now + ms, run, cancelled: false };
      pending.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
  };
  const advance = async (ms: number) => {
    now += ms;
    const due = pending.filter((p) => p.at <= now && !p.cancelled);
    pending = pending.filter((p) => p.at > now);
    for (const timer of due) timer.run();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, timers, advance };
}

function recorder() {
  const refused: RefusalRecord[] = [];
  const dropped: { count: number; firstAt: string; lastAt: string }[] = [];
  const sink = {
    refused: async (record: RefusalRecord) => void refused.push(record),
    dropped: async (count: number, firstAt: string, lastAt: string) => void dropped.push({ count, firstAt, lastAt }),
  };
  return { sink, refused, dropped, events: () => refused.length + dropped.length };
}

const deleteNode = (name: string, actor = 'system:node:w1'): Refusal => ({
  actor, source: '127.0.0.1', code: 403, reason: 'Forbidden', message: `nodes "${name}" is forbidden`,
  asked: { verb: 'delete', apiGroup: '', resource: 'nodes', subresource: '', namespace: '', name, path: '' },
});

const WINDOW = { windowMs: 10_000, maxKeysPerWindow: 5 };

test('1,000 identical refusals in a window are two records: the first at once, the other 999 counted when the window ends', async (t) => {
  const time = fakeTime();
  const log = recorder();
  const audit = new RefusalAggregator(log.sink, time.clock, time.timers, WINDOW);
  for (let i = 0; i < 1000; i++) {
    audit.refused(deleteNode('x'));
    await time.advance(5);
  }
  t.is(log.events(), 1, 'the first is recorded at once');
  t.like(log.refused[0], { actor: 'system:node:w1', count: 1, firstAt: '2026-12-01T10:00:00.000Z', asked: { verb: 'delete', resource: 'nodes', name: 'x' } });
  await time.advance(10_000);
  t.is(log.events(), 2);
  t.like(log.refused[1], { actor: 'system:node:w1', count: 999, firstAt: '2026-12-01T10:00:00.005Z', lastAt: '2026-12-01T10:00:04.995Z' });
  t.deepEqual(log.dropped, []);
});

test('distinct keys (another name, another actor, another reason) are recorded each on its own; a new window records the first again', async (t) => {
  const time = fakeTime();
  const log = recorder();
  const audit = new RefusalAggregator(log.sink, time.clock, time.timers, WINDOW);
  audit.refused(deleteNode('x'));
  audit.refused(deleteNode('y'));
  audit.refused(deleteNode('x', 'system:node:w2'));
  audit.refused({ ...deleteNode('x'), code: 401, reason: 'Unauthorized', actor: 'system:anonymous' });
  audit.refused(deleteNode('x'));
  await time.advance(1);
  t.deepEqual(log.refused.map((r) => [r.actor, r.asked.name, r.reason, r.count]), [
    ['system:node:w1', 'x', 'Forbidden', 1], ['system:node:w1', 'y', 'Forbidden', 1], ['system:node:w2', 'x', 'Forbidden', 1], ['system:anonymous', 'x', 'Unauthorized', 1],
  ]);
  await time.advance(10_000);
  t.deepEqual(log.refused.slice(4).map((r) => [r.actor, r.asked.name, r.count]), [['system:node:w1', 'x', 1]], 'only the repeated key has a count to record');
  audit.refused(deleteNode('x'));
  await time.advance(1);
  t.deepEqual(log.refused.slice(5).map((r) => [r.asked.name, r.count]), [['x', 1]], 'a new window records its first refusal at once');
});

test('anonymous refusals from different addresses are different keys', async (t) => {
  const time = fakeTime();
  const log = recorder();
  const audit = new RefusalAggregator(log.sink, time.clock, time.timers, WINDOW);
  const anonymous = (source: string) => ({ ...deleteNode('x', 'system:anonymous'), source, code: 401, reason: 'Unauthorized' });
  audit.refused(anonymous('10.0.0.1'));
  audit.refused(anonymous('10.0.0.2'));
  await time.advance(1);
  t.deepEqual(log.refused.map((r) => r.source), ['10.0.0.1', '10.0.0.2']);
});

test('the global cap: past maxKeysPerWindow distinct keys, refusals are counted in one RefusalsDropped; a window never records more than 2 × cap + 1', async (t) => {
  const time = fakeTime();
  const log = recorder();
  const audit = new RefusalAggregator(log.sink, time.clock, time.timers, WINDOW);
  for (let i = 0; i < 2000; i++) audit.refused(deleteNode(`n-${i % 500}`));
  await time.advance(1);
  t.is(log.refused.length, 5, 'the first of the first 5 keys');
  await time.advance(10_000);
  t.deepEqual(log.refused.slice(5).map((r) => [r.asked.name, r.count]), [['n-0', 3], ['n-1', 3], ['n-2', 3], ['n-3', 3], ['n-4', 3]]);
  t.deepEqual(log.dropped, [{ count: 2000 - 20, firstAt: '2026-12-01T10:00:00.000Z', lastAt: '2026-12-01T10:00:00.000Z' }]);
  t.true(log.events() <= 2 * WINDOW.maxKeysPerWindow + 1);
});

test('flush ends the window at once: what it counted is recorded, and the timer no longer fires', async (t) => {
  const time = fakeTime();
  const log = recorder();
  const audit = new RefusalAggregator(log.sink, time.clock, time.timers, WINDOW);
  audit.refused(deleteNode('x'));
  audit.refused(deleteNode('x'));
  await audit.flush();
  t.deepEqual(log.refused.map((r) => r.count), [1, 1]);
  await time.advance(10_000);
  t.is(log.events(), 2);
});

test('a record that cannot be written is reported and does not stop the ones after it', async (t) => {
  const time = fakeTime();
  const errors: unknown[] = [];
  const written: RefusalRecord[] = [];
  let fail = true;
  const sink = {
    refused: async (record: RefusalRecord) => {
      if (fail) { fail = false; throw new Error('store closed'); }
      written.push(record);
    },
    dropped: async () => undefined,
  };
  const audit = new RefusalAggregator(sink, time.clock, time.timers, WINDOW, (error) => errors.push(error));
  audit.refused(deleteNode('x'));
  audit.refused(deleteNode('y'));
  await audit.flush();
  t.is(errors.length, 1);
  t.deepEqual(written.map((r) => r.asked.name), ['y']);
});
