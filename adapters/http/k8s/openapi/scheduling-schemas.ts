import { bool, int32, kind, text, type Schemas } from './schema.js';

export const SCHEDULING = 'io.k8s.api.scheduling.v1';

/** scheduling.k8s.io/v1 PriorityClass, every field of it. */
export const SCHEDULING_SCHEMAS: Schemas = {
  [`${SCHEDULING}.PriorityClass`]: kind({ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' }, 'PriorityClass defines mapping from a priority class name to the priority integer value. The value can be any valid integer.', {
    value: int32('The integer value of this priority class: the actual priority that pods receive when they have the name of this class in their pod spec. Immutable.'),
    globalDefault: bool('Whether this class is the default for pods that name none. Only one PriorityClass can be marked as globalDefault.'),
    description: text('An arbitrary string that usually provides guidelines on when this priority class should be used.'),
    preemptionPolicy: { ...text('Never or PreemptLowerPriority (the default). Immutable.'), enum: ['Never', 'PreemptLowerPriority'] },
  }),
};
