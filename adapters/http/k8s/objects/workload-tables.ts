import { age } from '../duration.js';
import type { Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import { rowOf, tableOf } from './pod-table.js';
import type { K8sDeployment, K8sLabelSelector, K8sNamespace, K8sPodTemplate, K8sReplicaSet } from './workload-types.js';

const NAME: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: TableColumnDefinition = {
  name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};
const WIDE: readonly TableColumnDefinition[] = [
  { name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.' },
  { name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.' },
  { name: 'Selector', type: 'string', priority: 1, description: 'Label selector for pods.' },
];

export const DEPLOYMENT_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
  { name: 'Up-to-date', type: 'integer', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' },
  { name: 'Available', type: 'integer', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' },
  AGE,
  ...WIDE,
];

export const REPLICASET_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Desired', type: 'integer', description: 'Replicas is the number of desired replicas.' },
  { name: 'Current', type: 'integer', description: 'Replicas is the most recently observed number of replicas.' },
  { name: 'Ready', type: 'integer', description: 'The number of ready replicas for this replica set.' },
  AGE,
  ...WIDE,
];

export const NAMESPACE_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Status', type: 'string', description: 'The status of the namespace' },
  AGE,
];

/**
 * A label selector as kubectl prints it (apimachinery's FormatLabelSelector): requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; `<none>` when empty.
 */
export function formatLabelSelector({ matchLabels = {}, matchExpressions = [] }: K8sLabelSelector): string {
  const terms: [string, string][] = [
    ...Object.entries(matchLabels).map(([key, value]): [string, string] => [key, `${key}=${value}`]),
    ...matchExpressions.map((r): [string, string] => {
      const values = [...(r.values ?? [])].sort().join(',');
      if (r.operator === 'In') return [r.key, `${r.key} in (${values})`];
      if (r.operator === 'NotIn') return [r.key, `${r.key} notin (${values})`];
      return [r.key, r.operator === 'Exists' ? r.key : `!${r.key}`];
    }),
  ];
  const text = terms.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, term]) => term).join(',');
  return text || '<none>';
}

const wideCells = (template: K8sPodTemplate, selector: K8sLabelSelector) => [
  template.spec.containers.map((c) => c.name).join(','),
  template.spec.containers.map((c) => c.image).join(','),
  formatLabelSelector(selector),
];

export function deploymentTable(deployments: readonly K8sDeployment[], now: Date, resourceVersion: string): Table {
  const row = ({ metadata, spec, status }: K8sDeployment): TableRow =>
    rowOf(
      [metadata.name, `${status.readyReplicas}/${spec.replicas}`, status.updatedReplicas, status.availableReplicas,
        age(metadata.creationTimestamp, now), ...wideCells(spec.template, spec.selector)],
      metadata,
    );
  return tableOf(DEPLOYMENT_COLUMNS, deployments.map(row), resourceVersion);
}

export function replicaSetTable(replicaSets: readonly K8sReplicaSet[], now: Date, resourceVersion: string): Table {
  const row = ({ metadata, spec, status }: K8sReplicaSet): TableRow =>
    rowOf(
      [metadata.name, spec.replicas, status.replicas, status.readyReplicas, age(metadata.creationTimestamp, now),
        ...wideCells(spec.template, spec.selector)],
      metadata,
    );
  return tableOf(REPLICASET_COLUMNS, replicaSets.map(row), resourceVersion);
}

export function namespaceTable(namespaces: readonly K8sNamespace[], now: Date, resourceVersion: string): Table {
  const row = ({ metadata, status }: K8sNamespace): TableRow => rowOf([metadata.name, status.phase, age(metadata.creationTimestamp, now)], metadata);
  return tableOf(NAMESPACE_COLUMNS, namespaces.map(row), resourceVersion);
}
