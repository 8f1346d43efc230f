/**
 * Which snapshots are kept as they age: every one of the recent past, fewer further back, so the disk they take grows
 * with the log's length only slowly while recent points (the ones most looked at) stay cheap to rebuild. Ages and
 * spacings count in slots of `every` events; a tier keeps the first snapshot of each `keepOneIn` slots. Past the
 * newest hundred slots (a million events by default), a point costs up to ten, then a hundred, slots of replay.
 */
export const SNAPSHOT_TIERS: readonly SnapshotTier[] = [
  { youngerThan: 100, keepOneIn: 1 },
  { youngerThan: 1_000, keepOneIn: 10 },
  { youngerThan: Infinity, keepOneIn: 100 },
];

export type SnapshotTier = Readonly<{ youngerThan: number; keepOneIn: number }>;

/**
 * The snapshots to remove from those at `positions`, the newest being the head: a snapshot stays when it is the first
 * of its group of `keepOneIn` slots in its age's tier. Stable as snapshots age, because each tier's `keepOneIn` divides
 * the next one's (groups of a tier are unions of groups of the one before): the first of a group was kept at every
 * younger tier too, so thinning after each snapshot keeps what thinning all of them at once would — removing is all
 * that ever happens.
 */
export function snapshotsToThin(positions: readonly number[], every: number, tiers: readonly SnapshotTier[] = SNAPSHOT_TIERS): number[] {
  const slots = [...positions].sort((a, b) => a - b).map((position) => ({ position, slot: Math.floor(position / every) }));
  const headSlot = slots.at(-1)?.slot ?? 0;
  return slots
    .filter(({ slot }, i) => {
      const { keepOneIn } = tiers.find((tier) => headSlot - slot < tier.youngerThan)!;
      const previous = slots[i - 1];
      return previous !== undefined && Math.floor(previous.slot / keepOneIn) === Math.floor(slot / keepOneIn);
    })
    .map(({ position }) => position);
}
