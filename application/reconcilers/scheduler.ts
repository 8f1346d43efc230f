import { merge, mergeMap, from, type Observable } from 'rxjs';
import { fits } from '../../domain/scheduling/filters.js';
import { placementFilter } from '../../domain/scheduling/placement.js';
import type { SchedulingNode, SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { Nominations, preempt } from './preemption.js';
import { schedule } from '../../domain/scheduling/schedule.js';
import { schedulingPodOf } from '../../domain/scheduling/scheduling-input.js';
import { controllerOf, splitNamespacedKey } from '../../domain/shared/object-meta.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { namespacedSubject } from './reconcile-subject.js';
import { lastEventOf } from './causes.js';
import { SchedulingCache } from './scheduling-cache.js';

export { SCHEDULER as SCHEDULER_ACTOR } from '../commands/authorize.js';
import { SCHEDULER as SCHEDULER_ACTOR } from '../commands/authorize.js';

/**
 * The scheduler saga: a pending pod gets `BindPod` to the best node that fits, or `MarkPodUnschedulable`
 * with Kubernetes' reason when none does (the decider records it only when the reason changes).
 */
export function scheduler(models: ReadModels, resyncMs = 30_000): Omit<Reconciler, 'reconcile'> & { cache: SchedulingCache; reconcile: (key: string) => PlannedCommand[] } {
  const cache = new SchedulingCache();
  for (const [name, view] of models.nodes) cache.nodeChanged(view, name);
  for (const [key, view] of models.pods) cache.podChanged(key, view);
  const nominations = new Nominations();
  for (const [key, view] of models.pods) nominations.podChanged(key, view);
  let startIndex = 0;
  const pods = cache.podsOnNodes((namespace) => models.namespaces.get(namespace)?.meta.labels);

  const pending = () => byPriority([...models.pods].filter(([, pod]) => pod.status === 'pending').map(([key]) => key), priorityOf);
  const priorityOf = (key: string) => models.pods.get(key)?.spec.priority ?? 0;
  const podKeys = changesOf(models, 'Pod').pipe(
    mergeMap((change) => {
      cache.podChanged(change.key, change.type === 'DELETED' ? undefined : change.view);
      nominations.podChanged(change.key, change.type === 'DELETED' ? undefined : change.view);
      // A pod gone from a node leaves room there: pods nominated to it (their victims going) may bind now.
      const left = change.type === 'DELETED' ? (change.view.nodeName ?? change.before?.nodeName) : undefined;
      if (left) return from(nominatedTo(left));
      return change.type !== 'DELETED' && change.view.status === 'pending' ? [change.key] : [];
    }),
  );
  const nominatedTo = (nodeName: string) => pending().filter((key) => models.pods.get(key)?.nominatedNodeName === nodeName);
  // A node that changes may make room for any pod that found none: revisit the pending ones.
  const nodeKeys: Observable<string> = changesOf(models, 'Node').pipe(
    mergeMap((change) => {
      cache.nodeChanged(change.type === 'DELETED' ? undefined : change.view, change.key);
      return from(pending());
    }),
  );

  const reconcile = (key: string): PlannedCommand[] => {
    const pod = models.pods.get(key);
    if (!pod || pod.status !== 'pending') return [];
    const assumed = cache.assumedNode(key);
    if (assumed) return [bind(key, assumed)];
    const wants = schedulingPodOf(pod.spec, { namespace: pod.meta.namespace, labels: pod.meta.labels });
    const owner = controllerOf(pod.meta)?.uid;
    // A pod that preempted pods goes to the node it made room on once the room is there (kube-scheduler tries it first).
    const nominated = pod.nominatedNodeName === undefined ? undefined : cache.nodes.get(pod.nominatedNodeName);
    if (nominated && fits(wants, nominated) && placementAllows(wants, nominated)) {
      cache.assume(key, { nodeName: nominated.name, pod: wants, owner });
      return [bind(key, nominated.name)];
    }
    const result = schedule(wants, nominations.reserving(cache.nodes, key, pod.spec.priority ?? 0), cache.ownerCountsOf(owner), { startIndex, pods });
    if ('nodeName' in result) {
      startIndex += result.examined;
      cache.assume(key, { nodeName: result.nodeName, pod: wants, owner });
      return [bind(key, result.nodeName)];
    }
    const preemption = cache.nodes.size === 0 ? { commands: [] } : preempt(models, cache, key, pod, wants);
    const message = preemption.why ? `${result.unschedulable} preemption: ${preemption.why}` : result.unschedulable;
    return [...preemption.commands, ...(pod.unschedulable?.message === message ? [] : [unschedulable(key, message)])];
  };
  const placementAllows = (wants: SchedulingPod, node: SchedulingNode) => {
    const filter = placementFilter(wants, cache.nodes.nodes, pods);
    return filter === undefined || filter(node) === undefined;
  };

  const subjectOf = namespacedSubject('Pod', models.pods);
  return { name: 'scheduler', actor: SCHEDULER_ACTOR, resyncMs, keys: pending, triggers: merge(podKeys, nodeKeys), reconcile, subjectOf, cache, priorityOf, causeOf: lastEventOf(models, 'pod') };
}

/** kube-scheduler's active queue: higher priority first; equal priorities keep their order. */
function byPriority(keys: string[], priorityOf: (key: string) => number): string[] {
  return keys.some((key) => priorityOf(key) !== 0) ? keys.sort((a, b) => priorityOf(b) - priorityOf(a)) : keys;
}

const bind = (key: string, nodeName: string): PlannedCommand => ({ type: 'BindPod', data: { ...splitNamespacedKey(key), nodeName } });
const unschedulable = (key: string, message: string): PlannedCommand => ({
  type: 'MarkPodUnschedulable',
  data: { ...splitNamespacedKey(key), reason: 'Unschedulable', message },
});

export type { PodView };
