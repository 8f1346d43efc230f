import { merge, map, type Observable } from 'rxjs';
import { CONTROLLER_MANAGER } from '../commands/authorize.js';
import type { Clock } from '../ports/clock.js';
import type { Heartbeats } from '../ports/heartbeats.js';
import type { NodeView } from '../projections/node-view.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import { clusterSubject } from './reconcile-subject.js';
import type { PlannedCommand, Reconciler } from './runner.js';

export type NodeLifecycleSettings = Readonly<{ gracePeriodMs: number; monitorPeriodMs: number }>;

export type NodeLifecycleFacts = Readonly<{
  node: NodeView | undefined;
  lastBeatMs: number | undefined;
  monitorStartedMs: number;
  nowMs: number;
  gracePeriodMs: number;
}>;

/** Ready while heartbeats arrive; Unknown when none came for the grace period; Ready again when they resume. */
export function reconcileNodeLifecycle(facts: NodeLifecycleFacts): PlannedCommand[] {
  const { node, lastBeatMs, monitorStartedMs, nowMs, gracePeriodMs } = facts;
  if (!node || node.reset) return [];
  const since = Date.parse(node.readiness.since);
  if (node.readiness.status === 'True') {
    const lastSeen = Math.max(lastBeatMs ?? 0, monitorStartedMs, since);
    if (nowMs - lastSeen <= gracePeriodMs) return [];
    return [readiness(node.name, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')];
  }
  const beatingAgain = lastBeatMs !== undefined && lastBeatMs > since && nowMs - lastBeatMs <= gracePeriodMs;
  return beatingAgain ? [readiness(node.name, 'True', 'KubeletReady', 'kubelet is posting ready status')] : [];
}

const readiness = (name: string, status: 'True' | 'Unknown', reason: string, message: string): PlannedCommand => ({
  type: 'ReportNodeReadiness',
  data: { name, status, reason, message },
});

export function nodeLifecycleReconciler(
  models: ReadModels,
  heartbeats: Heartbeats,
  clock: Clock,
  settings: NodeLifecycleSettings,
): Reconciler {
  const monitorStartedMs = clock.nowMs();
  const triggers: Observable<string> = merge(changesOf(models, 'Node').pipe(map((c) => c.key)), heartbeats.beats);
  return {
    name: 'node-lifecycle',
    actor: CONTROLLER_MANAGER,
    resyncMs: settings.monitorPeriodMs,
    keys: () => models.nodes.keys(),
    triggers,
    reconcile: (name) =>
      reconcileNodeLifecycle({
        node: models.nodes.get(name),
        lastBeatMs: heartbeats.lastBeat(name),
        monitorStartedMs,
        nowMs: clock.nowMs(),
        gracePeriodMs: settings.gracePeriodMs,
      }),
    subjectOf: clusterSubject('Node', models.nodes),
  };
}
