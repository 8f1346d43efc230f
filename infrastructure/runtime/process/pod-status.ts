import type { ContainerStatus, PodCondition, PodPhase } from '../../../domain/pod/pod.js';
import type { RestartPolicy } from '../../../domain/pod/pod-spec.js';

/** The kubelet's getPhase, for pods without init containers. */
export function podPhase(statuses: readonly ContainerStatus[], restartPolicy: RestartPolicy): PodPhase {
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
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (restartPolicy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return restartPolicy === 'Never' ? 'Failed' : 'Running';
}

/** Initialized, Ready, ContainersReady and PodScheduled, with Kubernetes' reasons when not ready. */
export function podConditions(statuses: readonly ContainerStatus[], phase: PodPhase): PodCondition[] {
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const readiness = (type: 'Ready' | 'ContainersReady'): PodCondition =>
    unready.length === 0
      ? { type, status: 'True' }
      : completed
        ? { type, status: 'False', reason: 'PodCompleted' }
        : { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  return [{ type: 'Initialized', status: 'True' }, readiness('Ready'), readiness('ContainersReady'), { type: 'PodScheduled', status: 'True' }];
}
