import test from 'ava';
import { snapshotsToThin, type SnapshotTier } from '../../application/projections/snapshot-retention.js';

const every = 10;
/** Snapshots as takeSnapshots makes them: one just past each multiple of `every`, slots 1..n. */
const taken = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * every + 1);
const tiers: readonly SnapshotTier[] = [
  { youngerThan: 5, keepOneIn: 1 },
  { youngerThan: 20, keepOneIn: 5 },
  { youngerThan: Infinity, keepOneIn: 10 },
];
const kept = (positions: readonly number[]) => {
  const thinned = new Set(snapshotsToThin(positions, every, tiers));
  return positions.filter((position) => !thinned.has(position));
};

test('given only recent snapshots, when thinned, then every one is kept', (t) => {
  t.deepEqual(snapshotsToThin(taken(5), every, tiers), []);
  t.deepEqual(snapshotsToThin([], every, tiers), []);
});

test('given snapshots of many slots, when thinned, then the recent are all kept and older ones one per group of their tier', (t) => {
  const slotsKept = kept(taken(40)).map((position) => Math.floor(position / every));
  // Head slot 40: slots 36..40 all kept; 21..35 the first of each group of five slots (20–24, 25–29, …: 21 is not the
  // first of its group, 20 is); 1..20 the first of each group of ten (0–9, 10–19, 20–29).
  t.deepEqual(slotsKept, [1, 10, 20, 25, 30, 35, 36, 37, 38, 39, 40]);
});

test('given snapshots thinned after each one taken, when compared with thinning them all at once, then the same are kept', (t) => {
  let positions: number[] = [];
  for (let slot = 1; slot <= 200; slot++) {
    positions.push(slot * every + 1);
    const thinned = new Set(snapshotsToThin(positions, every, tiers));
    positions = positions.filter((position) => !thinned.has(position));
    // Removing is all that ever happens: what thinning step by step keeps is what thinning every snapshot ever taken keeps.
    t.deepEqual(positions, kept(taken(slot)), `after slot ${slot}`);
  }
  t.deepEqual(
    positions.map((position) => Math.floor(position / every)),
    [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 185, 190, 195, 196, 197, 198, 199, 200],
  );
});

test('given the default tiers, when a million events of snapshots every 10,000 are thinned, then 191 stay and the newest hundred are whole', (t) => {
  const positions = Array.from({ length: 1_000 }, (_, i) => (i + 1) * 10_000 + 1);
  const thinned = new Set(snapshotsToThin(positions, 10_000));
  const left = positions.filter((position) => !thinned.has(position));
  t.is(left.length, 100 + 91);
  t.deepEqual(left.slice(-100), positions.slice(-100));
  t.deepEqual(left.slice(0, 3), [10_001, 100_001, 200_001]);
});
