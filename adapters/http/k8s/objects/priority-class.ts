import type { PriorityClassView } from '../../../../application/projections/service-views.js';
import { age } from '../duration.js';
import type { Table, TableColumnDefinition } from '../k8s-types.js';
import type { K8sObjectMeta } from './workload-types.js';
import { objectMetadata } from './pod-spec-object.js';
import { rowOf, tableOf } from './pod-table.js';

export type K8sPriorityClass = {
  apiVersion: 'scheduling.k8s.io/v1';
  kind: 'PriorityClass';
  metadata: K8sObjectMeta;
  value: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy: string;
};

export function priorityClassObject(view: PriorityClassView): K8sPriorityClass {
  const { namespace: _none, ...metadata } = objectMetadata(view.meta, view.resourceVersion);
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata,
    value: view.value,
    ...(view.globalDefault ? { globalDefault: true } : {}),
    ...(view.description === undefined ? {} : { description: view.description }),
    preemptionPolicy: view.preemptionPolicy,
  };
}

/** kube-apiserver's printer: NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY. */
const COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Value', type: 'integer', description: 'value represents the integer value of this priority class.' },
  { name: 'Global-Default', type: 'boolean', description: 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  { name: 'PreemptionPolicy', type: 'string', description: 'preemptionPolicy is the Policy for preempting pods with lower priority.' },
];

export function priorityClassTable(classes: readonly K8sPriorityClass[], now: Date, resourceVersion: string): Table {
  const row = (c: K8sPriorityClass) => rowOf([c.metadata.name, c.value, c.globalDefault ?? false, age(c.metadata.creationTimestamp, now), c.preemptionPolicy], c.metadata);
  return tableOf(COLUMNS, classes.map(row), resourceVersion);
}
