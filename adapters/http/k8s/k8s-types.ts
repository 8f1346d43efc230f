import type { ManagedFieldsEntry } from '../../../domain/shared/object-meta.js';
/** The few Kubernetes wire shapes kes serves and kesctl reads (core/v1 and meta.k8s.io/v1), kept minimal. */

export type ObjectMeta = {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
};

export type ListMeta = { resourceVersion?: string; continue?: string };

export type K8sTaint = { key: string; value?: string; effect: string; timeAdded?: string };

export type NodeCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
};

export type NodeAddress = { type: 'InternalIP' | 'ExternalIP' | 'Hostname' | string; address: string };

export type NodeSystemInfo = {
  machineID?: string;
  systemUUID?: string;
  bootID?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntimeVersion?: string;
  kubeletVersion?: string;
  kubeProxyVersion?: string;
  operatingSystem?: string;
  architecture?: string;
};

export type ResourceList = Record<string, string>;

export type K8sNode = {
  apiVersion?: 'v1';
  kind?: 'Node';
  metadata: ObjectMeta;
  spec: { unschedulable?: boolean; taints?: K8sTaint[]; podCIDR?: string; providerID?: string };
  status: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: NodeCondition[];
    addresses?: NodeAddress[];
    nodeInfo?: NodeSystemInfo;
  };
};

export type K8sNodeList = { apiVersion: 'v1'; kind: 'NodeList'; metadata: ListMeta; items: K8sNode[] };

export type TableColumnDefinition = {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
};

export type PartialObjectMetadata = { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: ObjectMeta };

export type TableRow = { cells: (string | number | boolean)[]; object: PartialObjectMetadata };

export type Table = {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
};

export type StatusCause = { field?: string; message: string; reason?: string };

export type Status = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
};

export type K8sEvent = {
  apiVersion?: 'v1';
  kind?: 'Event';
  metadata: ObjectMeta;
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string; apiVersion?: string };
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
  eventTime?: string | null;
  reportingComponent?: string;
  reportingInstance?: string;
};

export type K8sEventList = { apiVersion: 'v1'; kind: 'EventList'; metadata: ListMeta; items: K8sEvent[] };
