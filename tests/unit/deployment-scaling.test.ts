import test from 'ava';
import { shareProportionally, type ReplicaSetSize } from '../../domain/deployment/scaling.js';

const sizes = (...replicas: number[]): ReplicaSetSize[] => replicas.map((n, i) => ({ name: `rs${i}`, replicas: n }));
/** Every ReplicaSet's size after the share, newest first, as given. */
function after(given: ReplicaSetSize[], allowed: number): number[] {
  const changed = new Map(shareProportionally(given, allowed).map((rs) => [rs.name, rs.replicas]));
  return given.map((rs) => changed.get(rs.name) ?? rs.replicas);
}

test('given ReplicaSets of 2 (new) and 4 (old), when 10 are allowed, then they grow in proportion to 3 and 7', (t) => {
  t.deepEqual(after(sizes(2, 4), 10), [3, 7]);
});

test('given 3 and 3, when 7 are allowed, then the one left over by rounding goes to the newest', (t) => {
  t.deepEqual(after(sizes(3, 3), 7), [4, 3]);
});

test('given 3 and 3, when 5 are allowed, then the one taken away by rounding comes from the oldest', (t) => {
  t.deepEqual(after(sizes(3, 3), 5), [3, 2]);
});

test('given sizes already at the allowed total, then nothing changes', (t) => {
  t.deepEqual(shareProportionally(sizes(5, 1), 6), []);
});

test('the total after sharing is always the allowed total, and no size goes below 0', (t) => {
  for (const given of [sizes(1, 1, 1), sizes(5, 1), sizes(2, 7, 3), sizes(1, 9)]) {
    for (let allowed = 1; allowed <= 20; allowed++) {
      const result = after(given, allowed);
      t.is(result.reduce((a, b) => a + b, 0), allowed, `${given.map((g) => g.replicas).join('/')} → ${allowed}: ${result.join('/')}`);
      t.true(result.every((n) => n >= 0));
    }
  }
});
