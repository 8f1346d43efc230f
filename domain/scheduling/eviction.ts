import type { Toleration } from '../pod/pod-spec.js';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY, type Taint } from '../shared/taints.js';
import { tolerates } from './filters.js';

/** The NoExecute taint a node gets while it is not Ready, as Kubernetes' node lifecycle controller sets it. */
export function readinessTaint(status: 'True' | 'False' | 'Unknown', since: string): Taint | undefined {
  if (status === 'True') return undefined;
  return { key: status === 'Unknown' ? UNREACHABLE_TAINT_KEY : NOT_READY_TAINT_KEY, effect: 'NoExecute', timeAdded: since };
}

export const isReadinessTaint = (taint: Taint) =>
  taint.effect === 'NoExecute' && (taint.key === UNREACHABLE_TAINT_KEY || taint.key === NOT_READY_TAINT_KEY);

/**
 * When a pod must leave a node with this NoExecute taint: never when a toleration without
 * tolerationSeconds matches; at timeAdded + tolerationSeconds when one with seconds does; with no matching
 * toleration, after the default Kubernetes' DefaultTolerationSeconds admission gives every pod (300 s).
 */
export function evictionDueMs(taint: Taint, tolerations: readonly Toleration[], defaultSeconds: number): number | undefined {
  const added = Date.parse(taint.timeAdded ?? '');
  const matching = tolerations.filter((t) => tolerates(t, taint));
  if (matching.some((t) => t.tolerationSeconds === undefined) && matching.length > 0) return undefined;
  const seconds = matching.length > 0 ? Math.min(...matching.map((t) => t.tolerationSeconds!)) : defaultSeconds;
  return added + Math.max(0, seconds) * 1000;
}
