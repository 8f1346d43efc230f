import { map, merge } from 'rxjs';
import { isTerminalPhase } from '../../domain/pod/pod.js';
import { evictionDueMs, isReadinessTaint, readinessTaint } from '../../domain/scheduling/eviction.js';
import { sameTaints } from '../../domain/shared/taints.js';
import type { Clock } from '../ports/clock.js';
import type { NodeView } from '../projections/node-view.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { clusterSubject } from './reconcile-subject.js';
import { lastEventOf } from './causes.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';

export type TaintEvictionSettings = Readonly<{ defaultTolerationSeconds: number; resyncMs: number }>;


/** The node's taints with the readiness NoExecute taint its Ready condition calls for, and no other. */
function wantedTaints(node: NodeView) {
  const others = node.taints.filter((t) => !isReadinessTaint(t));
  const wanted = readinessTaint(node.readiness.status, node.readiness.since);
  const current = node.taints.find(isReadinessTaint);
  if (!wanted) return others;
  return [...others, current && current.key === wanted.key ? current : wanted];
}

/**
 * Kubernetes' node lifecycle taints and NoExecute taint manager: a node that is not Ready gets
 * `node.kubernetes.io/unreachable:NoExecute` (or not-ready), removed when it is Ready again; its pods are
 * evicted once their toleration of that taint runs out (300 s by default), so their controllers replace
 * them on other nodes.
 */
export function reconcileTaintEviction(node: NodeView, pods: readonly [string, PodView][], nowMs: number, defaultTolerationSeconds: number): PlannedCommand[] {
  const taints = wantedTaints(node);
  const commands: PlannedCommand[] = sameTaints(taints, node.taints) ? [] : [{ type: 'SetNodeTaints', data: { name: node.name, taints } }];
  const taint = node.taints.find(isReadinessTaint);
  if (!taint || node.readiness.status === 'True') return commands;
  for (const [key, pod] of pods) {
    if (pod.status === 'terminating' || isTerminalPhase(pod.phase)) continue;
    const due = evictionDueMs(taint, pod.spec.tolerations, defaultTolerationSeconds);
    if (due !== undefined && nowMs >= due)
      commands.push({ type: 'EvictPod', data: { ...splitNamespacedKey(key), reason: 'NodeNotReady', message: `Taint manager: deleting due to NoExecute taint ${taint.key}` } });
  }
  return commands;
}

export function taintEvictionController(models: ReadModels, clock: Clock, settings: TaintEvictionSettings): Reconciler {
  const podsOn = (node: string) =>
    [...(models.podIndex.byNode.get(node) ?? [])].flatMap((key) => {
      const pod = models.pods.get(key);
      return pod ? [[key, pod] as [string, PodView]] : [];
    });
  return {
    name: 'taint-eviction',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs: settings.resyncMs,
    keys: () => models.nodes.keys(),
    triggers: merge(changesOf(models, 'Node').pipe(map((c) => c.key))),
    reconcile: (name) => {
      const node = models.nodes.get(name);
      return node ? reconcileTaintEviction(node, podsOn(name), clock.nowMs(), settings.defaultTolerationSeconds) : [];
    },
    subjectOf: clusterSubject('Node', models.nodes),
    causeOf: lastEventOf(models, 'node'),
  };
}
