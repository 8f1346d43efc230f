import { age } from '../../http/k8s/duration.js';
import type { K8sNode, Table } from '../../http/k8s/k8s-types.js';
import { nodeTable } from '../../http/k8s/node-table.js';
import { podTable, rowOf, tableOf } from '../../http/k8s/objects/pod-table.js';
import { deploymentTable, namespaceTable, replicaSetTable } from '../../http/k8s/objects/workload-tables.js';
import { configMapTable, endpointsTable, secretTable, serviceTable } from '../../http/k8s/objects/config-tables.js';
import type { K8sConfigMap, K8sEndpoints, K8sSecret, K8sService } from '../../http/k8s/objects/config-types.js';
import type { K8sDeployment, K8sNamespace, K8sObjectMeta, K8sPod, K8sReplicaSet } from '../../http/k8s/objects/workload-types.js';
import { priorityClassTable, type K8sPriorityClass } from '../../http/k8s/objects/priority-class.js';
import { ApiError, TABLE_ACCEPT, type ApiClient } from './api-client.js';
import { apiVersionOf, collectionPath, objectPath, withQuery, type ResourceInfo } from './resources.js';

/** Any object the API serves: kesctl reads its metadata and passes the rest through. */
export type KubeObject = { apiVersion?: string; kind?: string; metadata: K8sObjectMeta; [field: string]: unknown };
type KubeList = { kind?: string; metadata?: { resourceVersion?: string }; items?: KubeObject[] };

/** Where to look: one namespace, or every namespace with `-A` (cluster-scoped types ignore both). */
export type Scope = { namespace: string; allNamespaces?: boolean };
/** What a list or get asks besides the path; `includeObject: 'Object'` puts each row's whole object in a Table (for --sort-by). */
export type ListQuery = { labelSelector?: string; fieldSelector?: string; includeObject?: 'Object' };

export function listPath(r: ResourceInfo, scope: Scope, query: ListQuery = {}): string {
  return withQuery(collectionPath(r, scope.allNamespaces ? undefined : scope.namespace), query);
}

/** The named objects (each failure kept, as kubectl reports them after what it found), or the whole list. */
export async function fetchObjects(
  client: ApiClient,
  r: ResourceInfo,
  names: readonly string[],
  scope: Scope,
  query: ListQuery = {},
): Promise<{ items: KubeObject[]; failures: ApiError[]; resourceVersion?: string }> {
  if (names.length === 0) {
    const list = await client.get<KubeList>(listPath(r, scope, query));
    return { items: (list.items ?? []).map((o) => withKind(r, o)), failures: [], resourceVersion: list.metadata?.resourceVersion };
  }
  const items: KubeObject[] = [];
  const failures: ApiError[] = [];
  for (const name of names) {
    try {
      items.push(withKind(r, await client.get<KubeObject>(objectPath(r, scope.namespace, name))));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failures.push(err);
    }
  }
  return { items, failures, resourceVersion: items.at(-1)?.metadata.resourceVersion };
}

/** The server-side Table for a list or for each named object, asked for as kubectl asks. */
export async function fetchTable(
  client: ApiClient,
  r: ResourceInfo,
  names: readonly string[],
  scope: Scope,
  query: ListQuery,
  now: Date,
): Promise<{ table: Table; failures: ApiError[] }> {
  if (names.length === 0) return { table: asTable(r, await client.get<Table | KubeList>(listPath(r, scope, query), TABLE_ACCEPT), now), failures: [] };
  const tables: Table[] = [];
  const failures: ApiError[] = [];
  for (const name of names) {
    try {
      tables.push(asTable(r, await client.get<Table | KubeObject>(withQuery(objectPath(r, scope.namespace, name), { includeObject: query.includeObject }), TABLE_ACCEPT), now));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failures.push(err);
    }
  }
  const table = tables.length > 0 ? { ...tables[0], rows: tables.flatMap((t) => t.rows) } : buildTable(r, [], now, '');
  return { table, failures };
}

/** Lists leave `kind` and `apiVersion` off their items; `-o yaml` prints them, as kubectl does. */
export function withKind(r: ResourceInfo, object: KubeObject): KubeObject {
  return { apiVersion: apiVersionOf(r), kind: r.kind, ...object };
}

/** A server that answers the Table header with plain JSON still gets its objects printed: the Table is built here. */
function asTable(r: ResourceInfo, answer: Table | KubeList | KubeObject, now: Date): Table {
  if (answer.kind === 'Table') return answer as Table;
  if ('items' in answer && Array.isArray(answer.items)) return buildTable(r, answer.items, now, answer.metadata?.resourceVersion ?? '');
  const object = answer as KubeObject;
  return buildTable(r, [object], now, object.metadata?.resourceVersion ?? '');
}

const AGE_ONLY = [
  { name: 'Name', type: 'string', format: 'name' },
  { name: 'Age', type: 'string' },
] as const;

function buildTable(r: ResourceInfo, items: readonly KubeObject[], now: Date, resourceVersion: string): Table {
  const as = <T>() => items as unknown as readonly T[];
  switch (r.resource) {
    case 'nodes':
      return nodeTable(as<K8sNode>(), now, resourceVersion);
    case 'pods':
      return podTable(as<K8sPod>(), now, resourceVersion);
    case 'deployments':
      return deploymentTable(as<K8sDeployment>(), now, resourceVersion);
    case 'replicasets':
      return replicaSetTable(as<K8sReplicaSet>(), now, resourceVersion);
    case 'namespaces':
      return namespaceTable(as<K8sNamespace>(), now, resourceVersion);
    case 'services':
      return serviceTable(as<K8sService>(), now, resourceVersion);
    case 'endpoints':
      return endpointsTable(as<K8sEndpoints>(), now, resourceVersion);
    case 'configmaps':
      return configMapTable(as<K8sConfigMap>(), now, resourceVersion);
    case 'secrets':
      return secretTable(as<K8sSecret>(), now, resourceVersion);
    case 'priorityclasses':
      return priorityClassTable(as<K8sPriorityClass>(), now, resourceVersion);
    default:
      return tableOf(AGE_ONLY, items.map((o) => rowOf([o.metadata.name, age(o.metadata.creationTimestamp, now)], o.metadata)), resourceVersion);
  }
}
