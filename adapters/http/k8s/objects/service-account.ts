import type { ServiceAccountView } from '../../../../application/projections/service-views.js';
import { age } from '../duration.js';
import type { Table, TableColumnDefinition } from '../k8s-types.js';
import type { K8sObjectMeta } from './workload-types.js';
import { objectMetadata } from './pod-spec-object.js';
import { rowOf, tableOf } from './pod-table.js';

export type K8sServiceAccount = { apiVersion: 'v1'; kind: 'ServiceAccount'; metadata: K8sObjectMeta; automountServiceAccountToken?: boolean };

export function serviceAccountObject(view: ServiceAccountView): K8sServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMetadata(view.meta, view.resourceVersion),
    ...(view.automountServiceAccountToken === undefined ? {} : { automountServiceAccountToken: view.automountServiceAccountToken }),
  };
}

/** kube-apiserver's printer: NAME, SECRETS (token Secrets, which kes does not make: 0), AGE. */
const COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Secrets', type: 'string', description: 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
];

export function serviceAccountTable(accounts: readonly K8sServiceAccount[], now: Date, resourceVersion: string): Table {
  return tableOf(COLUMNS, accounts.map((a) => rowOf([a.metadata.name, 0, age(a.metadata.creationTimestamp, now)], a.metadata)), resourceVersion);
}
