import { DEFAULT_PREEMPTION_POLICY, SYSTEM_PRIORITY_CLASSES, type PreemptionPolicy } from '../priorityclass/priorityclass.js';
import { CommandRefused } from '../shared/errors.js';
import type { PodSpec } from './pod-spec.js';

/** A PriorityClass as a pod's admission reads it. */
export type AdmittedClass = Readonly<{ name: string; value: number; preemptionPolicy: PreemptionPolicy }>;

export const DEFAULT_PRIORITY = 0;

const systemClass = (name: string): AdmittedClass | undefined => {
  const system = SYSTEM_PRIORITY_CLASSES.get(name);
  return system && { name, value: system.value, preemptionPolicy: system.preemptionPolicy };
};

const refused = (podName: string, why: string) => new CommandRefused('Forbidden', `pods "${podName}" is forbidden: ${why}`, { kind: 'pods', name: podName });

/**
 * kube-apiserver's Priority admission. `resolved` is the class the API server found for the pod: the one it names,
 * or, when it names none, the globalDefault class (absent: there is none, and the pod's priority is 0). The system
 * classes exist in every cluster and cannot be deleted, so they need no resolving. A class that does not exist,
 * or a priority or preemptionPolicy given by hand that differs from its class's, is refused in kube's words.
 */
export function admittedSpec(podName: string, spec: PodSpec, resolved: AdmittedClass | undefined): PodSpec {
  const named = spec.priorityClassName;
  const found = named ? (resolved?.name === named ? resolved : systemClass(named)) : resolved;
  if (named && !found) throw refused(podName, `no PriorityClass with name ${named} was found`);
  const priority = found?.value ?? DEFAULT_PRIORITY;
  if (spec.priority !== undefined && spec.priority !== priority)
    throw refused(podName, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  if (!found) return spec;
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== found.preemptionPolicy)
    throw refused(podName, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${found.preemptionPolicy} from the given PriorityClass name`);
  return { ...spec, priorityClassName: found.name, priority, preemptionPolicy: found.preemptionPolicy };
}

/** Whether a pod may evict pods of lower priority to find room: unless its class says Never. */
export const mayPreempt = (spec: PodSpec) => (spec.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY) !== 'Never';
