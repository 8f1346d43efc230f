import { mayPreempt } from '../../domain/pod/priority.js';
import {
  choosePreemption, NEVER_PREEMPTS, PREEMPTED, preemptedMessage, TERMINATING_ON_NOMINATED, type RunningPod,
} from '../../domain/scheduling/preemption.js';
import { NodeTable } from '../../domain/scheduling/node-table.js';
import { schedulingPodOf, withPod, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';
import type { ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';
import type { PlannedCommand } from './runner.js';
import type { SchedulingCache } from './scheduling-cache.js';

/** What preemption does for a pod no node takes: commands (nominate it, evict the victims), or why it does not (kube's PostFilter message). */
export type PreemptionOutcome = Readonly<{ commands: PlannedCommand[]; why?: string }>;

const priorityOf = (view: PodView) => view.spec.priority ?? 0;

/**
 * The pods bound to a node below `priority`, the only ones preemption may evict; those already terminating are still
 * there until they are gone. Others are left out before anything is derived from them: on a cluster of equal
 * priorities this is a scan and nothing more.
 */
function runningBelow(models: ReadModels, nodeName: string, priority: number): RunningPod[] {
  const pods: RunningPod[] = [];
  for (const key of models.podIndex.byNode.get(nodeName) ?? []) {
    const view = models.pods.get(key);
    if (view?.nodeName === nodeName && priorityOf(view) < priority && view.phase !== 'Succeeded' && view.phase !== 'Failed')
      pods.push({ key, priority: priorityOf(view), pod: schedulingPodOf(view.spec, { namespace: view.meta.namespace, labels: view.meta.labels }) });
  }
  return pods;
}

/** kube-scheduler's PodEligibleToPreemptOthers: a lower-priority pod still terminating on its nominated node means the room is on its way. */
function waitingForVictims(models: ReadModels, pod: PodView): boolean {
  const nominated = pod.nominatedNodeName;
  if (nominated === undefined) return false;
  return [...(models.podIndex.byNode.get(nominated) ?? [])].some((key) => {
    const view = models.pods.get(key);
    return view?.status === 'terminating' && view.nodeName === nominated && priorityOf(view) < priorityOf(pod);
  });
}

/**
 * kube-scheduler's DefaultPreemption, level-triggered: decided again from the read models each time the pod fails to
 * fit, so a restart halfway evicts nothing more than the same choice needs (evicting a terminating pod again is a
 * no-op), and a pod whose victims are still terminating waits for them.
 */
export function preempt(models: ReadModels, cache: SchedulingCache, key: string, pod: PodView, wants: SchedulingPod): PreemptionOutcome {
  if (!mayPreempt(pod.spec)) return { commands: [], why: NEVER_PREEMPTS };
  if (waitingForVictims(models, pod)) return { commands: [], why: TERMINATING_ON_NOMINATED };
  const priority = priorityOf(pod);
  const chosen = choosePreemption(wants, priority, cache.nodes.nodes, (nodeName) => runningBelow(models, nodeName, priority));
  if ('unhelpful' in chosen) return { commands: [], why: chosen.unhelpful };
  const { nodeName, victims } = chosen;
  const message = preemptedMessage(pod.meta.uid, nodeName);
  return {
    commands: [
      { type: 'NominatePod', data: { ...splitNamespacedKey(key), nodeName } },
      ...victims.map((victim) => ({ type: 'EvictPod', data: { ...splitNamespacedKey(victim.key), reason: PREEMPTED, message } })),
    ],
  };
}

type Nominated = Readonly<{ nodeName: string; priority: number; pod: SchedulingPod }>;

/**
 * The pending pods nominated to a node, whose room there is kept for them (kube-scheduler's nominator): a pod of
 * no higher priority is scheduled as if they were already bound, so it does not take what preemption freed.
 */
export class Nominations {
  private readonly nominated = new Map<string, Nominated>();

  podChanged(key: string, view: PodView | undefined): void {
    if (view?.status === 'pending' && view.nominatedNodeName !== undefined)
      this.nominated.set(key, { nodeName: view.nominatedNodeName, priority: priorityOf(view), pod: schedulingPodOf(view.spec, { namespace: view.meta.namespace, labels: view.meta.labels }) });
    else this.nominated.delete(key);
  }

  /** The nodes as pod `key` of `priority` sees them: with the room of other nominated pods of equal or higher priority taken. */
  reserving(nodes: NodeTable, key: string, priority: number): NodeTable {
    const kept = [...this.nominated].filter(([other, n]) => other !== key && n.priority >= priority && nodes.get(n.nodeName));
    if (kept.length === 0) return nodes;
    const byNode = new Map<string, SchedulingPod[]>();
    for (const [, n] of kept) byNode.set(n.nodeName, [...(byNode.get(n.nodeName) ?? []), n.pod]);
    return NodeTable.of(nodes.nodes.map((node) => (byNode.get(node.name) ?? []).reduce(withPod, node)));
  }
}
