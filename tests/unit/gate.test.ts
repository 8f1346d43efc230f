import test from 'ava';
import { Gate } from '../../application/queries/gate.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('given a gate of two, when five pieces of work run, then never more than two at once, in the order they came, and each gets its own result', async (t) => {
  const gate = new Gate(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const releases: (() => void)[] = [];
  const results = Array.from({ length: 5 }, (_, i) =>
    gate.run(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise<void>((release) => releases.push(release));
      running--;
      return i * 10;
    }),
  );
  await tick();
  t.deepEqual(started, [0, 1]);
  t.is(gate.queued, 3);
  while (releases.length > 0) {
    releases.shift()!();
    await tick();
    await tick();
  }
  t.deepEqual(await Promise.all(results), [0, 10, 20, 30, 40]);
  t.deepEqual(started, [0, 1, 2, 3, 4]);
  t.is(most, 2);
  t.is(gate.queued, 0);
});

test('given work that fails, when it ends, then its turn passes to the next and the failure reaches only its caller', async (t) => {
  const gate = new Gate(1);
  const failing = gate.run(() => Promise.reject(new Error('boom')));
  const next = gate.run(async () => 'ran');
  await t.throwsAsync(failing, { message: 'boom' });
  t.is(await next, 'ran');
});

test('a gate lets at least one through', (t) => {
  t.throws(() => new Gate(0), { instanceOf: RangeError });
});
