import { CommandRefused, notFound } from '../shared/errors.js';
import type { Event } from '../shared/event.js';
import type { Labels } from '../shared/labels.js';
import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';

/** A namespace is cluster-scoped: its metadata has no namespace of its own. */
export type NamespaceMeta = Readonly<{
  name: string;
  uid: string;
  labels: Labels;
  /** Absent on namespaces recorded before kes kept their annotations. */
  annotations?: Labels;
  creationTimestamp: string;
}>;

export type NamespaceCreated = Event<'NamespaceCreated', { meta: NamespaceMeta }>;
export type NamespaceTerminating = Event<'NamespaceTerminating', { name: string }>;
export type NamespaceDeleted = Event<'NamespaceDeleted', { name: string }>;
export type NamespaceEvent = NamespaceCreated | NamespaceTerminating | NamespaceDeleted | MetadataEvent | ReconcileFailed;

export type NamespaceState =
  | Readonly<{ status: 'absent' }>
  | (Readonly<{ status: 'active'; meta: NamespaceMeta }> & ReportedFailures)
  | (Readonly<{ status: 'terminating'; meta: NamespaceMeta; deletionTimestamp: string }> & ReportedFailures)
  | Readonly<{ status: 'deleted' }>;

export const namespaceStream = (name: string) => `namespace-${name}`;
export const initialNamespaceState = (): NamespaceState => ({ status: 'absent' });

/** Kubernetes labels every namespace with its own name, so selectors can pick namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

// Kubernetes' NamespaceLifecycle admission keeps these forever.
export const PROTECTED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-node-lease', 'kube-public'];
export const isProtectedNamespace = (name: string) => PROTECTED_NAMESPACES.includes(name);

export function evolveNamespace(state: NamespaceState, event: NamespaceEvent): NamespaceState {
  switch (event.type) {
    case 'NamespaceCreated':
      return { status: 'active', meta: event.data.meta };
    case 'NamespaceTerminating':
      return state.status === 'active' ? { ...state, status: 'terminating', deletionTimestamp: event.metadata.at } : state;
    case 'NamespaceDeleted':
      return { status: 'deleted' };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return state.status === 'active' || state.status === 'terminating' ? { ...state, meta: evolveMetadata(state.meta, event) } : state;
    case 'ReconcileFailed':
      return state.status === 'active' || state.status === 'terminating' ? evolveReconcileFailure(state, event) : state;
  }
}

/** Whether new objects may be created in the namespace: it exists and is not being terminated. */
export const namespaceAccepts = (state: NamespaceState) => state.status === 'active';

/** Why an object may not be created in the namespace, with Kubernetes' wording; undefined when it may. */
export function namespaceRefusal(state: NamespaceState, namespace: string, resource: string, name: string): CommandRefused | undefined {
  if (state.status === 'active') return undefined;
  if (state.status !== 'terminating') return notFound('namespaces', namespace);
  return new CommandRefused(
    'Forbidden',
    `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    { kind: resource, name },
  );
}
