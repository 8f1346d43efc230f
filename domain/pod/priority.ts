import { CommandRefused } from '../shared/errors.js';

/**
 * Kubernetes' built-in PriorityClasses: every cluster has them, and kes has no others. A pod that names none
 * has priority 0 (there is no globalDefault class).
 */
export const BUILT_IN_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-cluster-critical', 2_000_000_000],
  ['system-node-critical', 2_000_001_000],
]);

export const DEFAULT_PRIORITY = 0;

/**
 * kube-apiserver's Priority admission: the pod's priority from its class; a class that does not exist, or a
 * priority given by hand that differs from its class's, is refused as kube-apiserver refuses it.
 */
export function admittedPriority(podName: string, priorityClassName: string | undefined, given: number | undefined): number {
  const priority = priorityClassName ? BUILT_IN_PRIORITY_CLASSES.get(priorityClassName) : DEFAULT_PRIORITY;
  if (priority === undefined)
    throw new CommandRefused('Forbidden', `pods "${podName}" is forbidden: no PriorityClass with name ${priorityClassName} was found`, { kind: 'pods', name: podName });
  if (given !== undefined && given !== priority)
    throw new CommandRefused(
      'Forbidden',
      `pods "${podName}" is forbidden: the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      { kind: 'pods', name: podName },
    );
  return priority;
}
