import { age } from './duration.js';
import type { K8sNode, Table, TableColumnDefinition, TableRow } from './k8s-types.js';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** kubectl's node columns; priority-1 columns show only with `-o wide`. */
export const NODE_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Status', type: 'string', description: 'The status of the node' },
  { name: 'Roles', type: 'string', description: 'The roles of the node' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.' },
  { name: 'Internal-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.' },
  { name: 'External-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.' },
  { name: 'OS-Image', type: 'string', priority: 1, description: 'OS Image reported by the node.' },
  { name: 'Kernel-Version', type: 'string', priority: 1, description: 'Kernel Version reported by the node.' },
  { name: 'Container-Runtime', type: 'string', priority: 1, description: 'ContainerRuntime Version reported by the node.' },
];

/** The meta.k8s.io/v1 Table kubectl prints for `get nodes`, built as the Kubernetes API server builds it. */
export function nodeTable(nodes: readonly K8sNode[], now: Date, resourceVersion: string): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: NODE_COLUMNS.map((c) => ({ ...c })),
    rows: nodes.map((node) => nodeRow(node, now)),
  };
}

function nodeRow(node: K8sNode, now: Date): TableRow {
  const info = node.status.nodeInfo ?? {};
  return {
    cells: [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      age(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ],
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...node.metadata } },
  };
}

/** `Ready`, `NotReady` or `Unknown` (no Ready condition yet), plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: K8sNode): string {
  const ready = node.status.conditions?.find((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` labels (and the legacy `kubernetes.io/role=<role>`), sorted. */
export function nodeRoles(node: K8sNode): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX) && key.length > ROLE_LABEL_PREFIX.length) roles.add(key.slice(ROLE_LABEL_PREFIX.length));
    else if (key === LEGACY_ROLE_LABEL && value !== '') roles.add(value);
  }
  return [...roles].sort();
}

function nodeAddress(node: K8sNode, type: 'InternalIP' | 'ExternalIP'): string {
  return node.status.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}
