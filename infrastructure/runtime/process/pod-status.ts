import type { ContainerStatus, PodCondition, PodPhase } from '../../../domain/pod/pod.js';
import type { RestartPolicy } from '../../../domain/pod/pod-spec.js';

/** The init containers' part of the kubelet's getPhase: how many have not completed, how many failed. */
function initCounts(initStatuses: readonly ContainerStatus[]): { pending: number; failed: number } {
  let pending = 0;
  let failed = 0;
  for (const { state, lastState } of initStatuses) {
    if ('running' in state) pending += 1;
    else if ('terminated' in state) failed += state.terminated.exitCode !== 0 ? 1 : 0;
    else if (lastState) failed += lastState.terminated.exitCode !== 0 ? 1 : 0;
    else pending += 1;
  }
  return { pending, failed };
}

/**
 * The kubelet's getPhase: Pending while init containers have not all completed (Failed once one failed under
 * restartPolicy Never), then from the containers' states.
 */
export function podPhase(statuses: readonly ContainerStatus[], restartPolicy: RestartPolicy, initStatuses: readonly ContainerStatus[] = []): PodPhase {
  const init = initCounts(initStatuses);
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const { state, lastState } of statuses) {
    if ('running' in state) running += 1;
    else if ('terminated' in state) {
      stopped += 1;
      if (state.terminated.exitCode === 0) succeeded += 1;
    } else if (lastState) stopped += 1;
    else waiting += 1;
  }
  if (init.failed > 0 && restartPolicy === 'Never') return 'Failed';
  if ((init.pending > 0 && running + stopped === 0) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (restartPolicy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return restartPolicy === 'Never' ? 'Failed' : 'Running';
}

const completed = (s: ContainerStatus) => 'terminated' in s.state && s.state.terminated.exitCode === 0;

/**
 * Initialized (False with ContainersNotInitialized while an init container has not completed), Ready,
 * ContainersReady and PodScheduled, with Kubernetes' reasons when not ready.
 */
export function podConditions(statuses: readonly ContainerStatus[], phase: PodPhase, initStatuses: readonly ContainerStatus[] = []): PodCondition[] {
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const incomplete = initStatuses.filter((s) => !completed(s)).map((s) => s.name);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const readiness = (type: 'Ready' | 'ContainersReady'): PodCondition =>
    unready.length === 0
      ? { type, status: 'True' }
      : finished
        ? { type, status: 'False', reason: 'PodCompleted' }
        : { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  const initialized: PodCondition =
    incomplete.length === 0
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` };
  return [initialized, readiness('Ready'), readiness('ContainersReady'), { type: 'PodScheduled', status: 'True' }];
}
