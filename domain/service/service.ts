import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import type { Labels } from '../shared/labels.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';

export const SERVICE_TYPES = ['ClusterIP', 'NodePort'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const PROTOCOLS = ['TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
export type SessionAffinity = (typeof SESSION_AFFINITIES)[number];

/** targetPort is a number, or the name of a container port in the selected pods. */
export type ServicePort = Readonly<{ name?: string; protocol: Protocol; port: number; targetPort: number | string; nodePort?: number }>;

export type ServiceSpec = Readonly<{
  type: ServiceType;
  /** matchLabels only, as Kubernetes' Service selector. Empty: endpoints are managed by hand. */
  selector: Labels;
  ports: readonly ServicePort[];
  /** Allocated by the API server from the service CIDR before the service is created. */
  clusterIP: string;
  sessionAffinity?: SessionAffinity;
}>;
export type ServiceKey = Readonly<{ namespace: string; name: string }>;

export type ServiceCreated = Event<'ServiceCreated', { meta: ObjectMeta; spec: ServiceSpec }>;
export type ServicePortsChanged = Event<'ServicePortsChanged', ServiceKey & { ports: readonly ServicePort[] }>;
export type ServiceSelectorChanged = Event<'ServiceSelectorChanged', ServiceKey & { selector: Labels }>;
/** Carries what the service held, so whoever releases its ClusterIP and NodePorts needs nothing else. */
export type ServiceDeleted = Event<'ServiceDeleted', ServiceKey & { clusterIP: string; nodePorts: readonly number[] }>;

export type ServiceEvent = ServiceCreated | ServicePortsChanged | ServiceSelectorChanged | ServiceDeleted | MetadataEvent | ReconcileFailed;

export type Service = Readonly<{ meta: ObjectMeta; spec: ServiceSpec }> & ReportedFailures;

export type ServiceState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; service: Service }>
  | Readonly<{ status: 'deleted' }>;

export const serviceStream = (namespace: string, name: string) => `service-${namespacedKey(namespace, name)}`;
export const initialServiceState = (): ServiceState => ({ status: 'absent' });

export const nodePortsOf = (spec: Pick<ServiceSpec, 'ports'>): number[] =>
  spec.ports.flatMap((p) => (p.nodePort === undefined ? [] : [p.nodePort]));

export function evolveService(state: ServiceState, event: ServiceEvent): ServiceState {
  switch (event.type) {
    case 'ServiceCreated':
      return { status: 'active', service: { meta: event.data.meta, spec: event.data.spec } };
    case 'ServiceDeleted':
      return { status: 'deleted' };
    case 'ServicePortsChanged':
      return state.status === 'active' ? withSpec(state.service, { ports: event.data.ports }) : state;
    case 'ServiceSelectorChanged':
      return state.status === 'active' ? withSpec(state.service, { selector: event.data.selector }) : state;
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return state.status === 'active' ? { status: 'active', service: { ...state.service, meta: evolveMetadata(state.service.meta, event) } } : state;
    case 'ReconcileFailed':
      return state.status === 'active' ? { status: 'active', service: evolveReconcileFailure(state.service, event) } : state;
  }
}

const withSpec = (service: Service, change: Partial<ServiceSpec>): ServiceState =>
  ({ status: 'active', service: { ...service, spec: { ...service.spec, ...change } } });

export function samePorts(a: readonly ServicePort[], b: readonly ServicePort[]): boolean {
  return a.length === b.length && a.every((p, i) => {
    const q = b[i];
    return p.name === q.name && p.protocol === q.protocol && p.port === q.port && p.targetPort === q.targetPort && p.nodePort === q.nodePort;
  });
}
