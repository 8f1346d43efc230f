import test from 'ava';
import { RecentChanges } from '../../application/projections/recent-changes.js';

const change = (position: number) => ({ event: { position } });
const positions = (changes: Iterable<{ event: { position: number } }>) => [...changes].map((c) => c.event.position);

test('given fewer changes than it keeps, it covers everything after its start and gives the changes after any position', (t) => {
  const recent = new RecentChanges(5);
  for (const p of [2, 3, 7]) recent.add(change(p));
  t.true(recent.coversAfter(0));
  t.deepEqual(positions(recent.after(0)), [2, 3, 7]);
  t.deepEqual(positions(recent.after(3)), [7]);
  t.deepEqual(positions(recent.after(5)), [7], 'a position between changes');
  t.deepEqual(positions(recent.after(7)), []);
});

test('given more changes than it keeps, the oldest go and a position before the ones kept is no longer covered', (t) => {
  const recent = new RecentChanges(3);
  for (const p of [1, 2, 4, 5, 8, 9, 12]) recent.add(change(p));
  t.is(recent.size, 3);
  t.false(recent.coversAfter(4), 'the change at 5 was dropped');
  t.true(recent.coversAfter(5));
  t.true(recent.coversAfter(6));
  t.deepEqual(positions(recent.after(5)), [8, 9, 12]);
  t.deepEqual(positions(recent.after(8)), [9, 12]);
  t.deepEqual(positions(recent.after(12)), []);
});

test('keeping none covers only what comes after the last change; restarting forgets and covers from the position given', (t) => {
  const none = new RecentChanges(0);
  none.add(change(4));
  t.false(none.coversAfter(3));
  t.true(none.coversAfter(4));
  t.deepEqual(positions(none.after(0)), []);
  const restarted = new RecentChanges(3);
  for (const p of [1, 2]) restarted.add(change(p));
  restarted.restart(10);
  t.false(restarted.coversAfter(9));
  t.true(restarted.coversAfter(10));
  restarted.add(change(11));
  t.deepEqual(positions(restarted.after(10)), [11]);
});
