import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import type { ObjectMeta } from '../shared/object-meta.js';

/** Whether a pod of the class may evict pods of lower priority to find room (Kubernetes' default: it may). */
export const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'] as const;
export type PreemptionPolicy = (typeof PREEMPTION_POLICIES)[number];
export const DEFAULT_PREEMPTION_POLICY: PreemptionPolicy = 'PreemptLowerPriority';

/** The highest value a class users make may have; above it are the system classes (kube's HighestUserDefinablePriority). */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';

/** What a class says: `value` and `preemptionPolicy` never change once it exists; `description` and `globalDefault` may. */
export type PriorityClassSettings = Readonly<{
  value: number;
  globalDefault: boolean;
  preemptionPolicy: PreemptionPolicy;
  description?: string;
}>;
export type PriorityClass = Readonly<{ meta: ObjectMeta }> & PriorityClassSettings;

/** The classes every cluster has (kube-apiserver makes them at start), which cannot be deleted. */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, PriorityClassSettings> = new Map([
  ['system-node-critical', { value: 2_000_001_000, globalDefault: false, preemptionPolicy: DEFAULT_PREEMPTION_POLICY, description: 'Used for system critical pods that must not be moved from their current node.' }],
  ['system-cluster-critical', { value: 2_000_000_000, globalDefault: false, preemptionPolicy: DEFAULT_PREEMPTION_POLICY, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' }],
]);

type Named = Readonly<{ name: string }>;
export type PriorityClassCreated = Event<'PriorityClassCreated', { meta: ObjectMeta } & PriorityClassSettings>;
/** `description` absent: the class has none any more. */
export type PriorityClassDescriptionChanged = Event<'PriorityClassDescriptionChanged', Named & { description?: string }>;
export type PriorityClassGlobalDefaultChanged = Event<'PriorityClassGlobalDefaultChanged', Named & { globalDefault: boolean }>;
export type PriorityClassDeleted = Event<'PriorityClassDeleted', Named>;
export type PriorityClassEvent = PriorityClassCreated | PriorityClassDescriptionChanged | PriorityClassGlobalDefaultChanged | PriorityClassDeleted | MetadataEvent;

export type PriorityClassState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; priorityClass: PriorityClass }>
  | Readonly<{ status: 'deleted' }>;

export const priorityClassStream = (name: string) => `priorityclass-${name}`;
export const initialPriorityClassState = (): PriorityClassState => ({ status: 'absent' });

export function evolvePriorityClass(state: PriorityClassState, event: PriorityClassEvent): PriorityClassState {
  if (event.type === 'PriorityClassCreated') {
    const { meta, ...settings } = event.data;
    return { status: 'active', priorityClass: { meta, ...settings } };
  }
  if (event.type === 'PriorityClassDeleted') return { status: 'deleted' };
  if (state.status !== 'active') return state;
  const priorityClass = state.priorityClass;
  switch (event.type) {
    case 'PriorityClassDescriptionChanged': {
      const { description: _dropped, ...rest } = priorityClass;
      return { status: 'active', priorityClass: event.data.description === undefined ? rest : { ...rest, description: event.data.description } };
    }
    case 'PriorityClassGlobalDefaultChanged':
      return { status: 'active', priorityClass: { ...priorityClass, globalDefault: event.data.globalDefault } };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return { status: 'active', priorityClass: { ...priorityClass, meta: evolveMetadata(priorityClass.meta, event) } };
  }
}
