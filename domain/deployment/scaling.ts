/** A ReplicaSet's name and its desired replica count. */
export type ReplicaSetSize = Readonly<{ name: string; replicas: number }>;

/**
 * Kubernetes' proportional scaling, for a Deployment scaled while several of its ReplicaSets have pods (a
 * rollout paused halfway): `allowed` replicas in all (the desired count plus maxSurge) are shared in
 * proportion to the sizes the ReplicaSets have now, and what rounding leaves over goes to the largest
 * (the newest of equals when adding, the oldest when taking away). `replicaSets` are given newest first;
 * the result is the new size of each one whose size changes.
 */
export function shareProportionally(replicaSets: readonly ReplicaSetSize[], allowed: number): ReplicaSetSize[] {
  const total = replicaSets.reduce((n, rs) => n + rs.replicas, 0);
  const toAdd = allowed - total;
  if (toAdd === 0 || total === 0) return [];
  const order = toAdd > 0 ? replicaSets : [...replicaSets].reverse();
  const largestFirst = [...order].sort((a, b) => b.replicas - a.replicas);
  let added = 0;
  const sized = largestFirst.map((rs) => {
    const share = Math.round((rs.replicas * allowed) / total) - rs.replicas;
    const change = toAdd > 0 ? Math.min(share, toAdd - added) : Math.max(share, toAdd - added);
    added += change;
    return { name: rs.name, replicas: rs.replicas + change };
  });
  sized[0] = { ...sized[0]!, replicas: Math.max(0, sized[0]!.replicas + toAdd - added) };
  const before = new Map(replicaSets.map((rs) => [rs.name, rs.replicas]));
  return sized.filter((rs) => before.get(rs.name) !== rs.replicas);
}
