import { canonicalJson } from '../shared/canonical-json.js';

/** Kubernetes' IntOrString for maxSurge/maxUnavailable: a count, or a percent of the desired replicas such as '25%'. */
export type IntOrPercent = number | string;

const PERCENT = /^[0-9]+%$/;

export function intOrPercentProblem(value: IntOrPercent): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `Invalid value: ${value}: must be an integer`;
    return value < 0 ? `Invalid value: ${value}: must be greater than or equal to 0` : undefined;
  }
  if (typeof value !== 'string' || !PERCENT.test(value))
    return `Invalid value: "${String(value)}": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`;
  return undefined;
}

export const isZero = (value: IntOrPercent) => value === 0 || (typeof value === 'string' && PERCENT.test(value) && parseInt(value, 10) === 0);

export function resolveIntOrPercent(value: IntOrPercent, replicas: number, roundUp: boolean): number {
  const problem = intOrPercentProblem(value);
  if (problem) throw new Error(problem);
  if (typeof value === 'number') return value;
  const scaled = (parseInt(value, 10) * replicas) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge rounds up, maxUnavailable down; when both come to 0, one pod may be unavailable or nothing could move. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number) {
  const surge = resolveIntOrPercent(maxSurge, desired, true);
  const unavailable = resolveIntOrPercent(maxUnavailable, desired, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

// Kubernetes' "safe" alphabet (no vowels, no look-alikes), so a hash never spells a word.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** pod-template-hash: 64-bit FNV-1a over the template's canonical JSON (UTF-16 code units), as 10 safe characters. */
export function templateHash(template: unknown): string {
  const text = canonicalJson(template);
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * FNV_PRIME) & MASK_64;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += SAFE[Number(hash % 27n)];
    hash /= 27n;
  }
  return out;
}

export type ReplicaCount = Readonly<{ replicas: number; ready: number }>;
export type OldReplicaCount = ReplicaCount & Readonly<{ name: string }>;

export type RolloutInput = Readonly<{
  desired: number;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  newRS: ReplicaCount;
  /** Oldest first: old ReplicaSets are scaled down in this order. */
  oldRSs: readonly OldReplicaCount[];
}>;

export type RolloutPlan = Readonly<{ newRS: number; oldRSs: readonly Readonly<{ name: string; replicas: number }>[] }>;

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The next step of a rolling update (Kubernetes' rolloutRolling): scale the new ReplicaSet up within maxSurge,
 * then scale old ones down within maxUnavailable, first pods that are not ready, then ready ones.
 * Pods scaled away are assumed to be the not-ready ones first, as the ReplicaSet controller picks them.
 */
export function planRollout(input: RolloutInput): RolloutPlan {
  const { surge, unavailable } = resolveFenceposts(input.maxSurge, input.maxUnavailable, input.desired);
  const newReplicas = nextNewReplicas(input, input.desired + surge);
  return { newRS: newReplicas, oldRSs: nextOldReplicas(input, newReplicas, input.desired - unavailable) };
}

function nextNewReplicas({ desired, newRS, oldRSs }: RolloutInput, maxTotal: number): number {
  if (newRS.replicas >= desired) return desired;
  const current = newRS.replicas + sum(oldRSs.map((rs) => rs.replicas));
  if (current >= maxTotal) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotal - current, desired - newRS.replicas);
}

function nextOldReplicas({ newRS, oldRSs }: RolloutInput, newReplicas: number, minAvailable: number) {
  const newReady = Math.min(newRS.ready, newReplicas);
  // Not-yet-ready new pods count against the budget: they may never become ready.
  let unhealthyBudget = newReplicas + sum(oldRSs.map((rs) => rs.replicas)) - minAvailable - (newReplicas - newReady);
  const cleaned = oldRSs.map((rs) => {
    const cut = Math.max(0, Math.min(unhealthyBudget, rs.replicas - rs.ready));
    unhealthyBudget -= cut;
    return { name: rs.name, replicas: rs.replicas - cut, ready: Math.min(rs.ready, rs.replicas - cut) };
  });
  let readyBudget = newReady + sum(cleaned.map((rs) => rs.ready)) - minAvailable;
  return cleaned.map(({ name, replicas }) => {
    const cut = Math.max(0, Math.min(readyBudget, replicas));
    readyBudget -= cut;
    return { name, replicas: replicas - cut };
  });
}
