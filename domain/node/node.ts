import type { Event } from '../shared/event.js';
import type { ManagedFieldsChanged } from '../shared/metadata-change.js';
import type { ManagedFieldsEntry } from '../shared/object-meta.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import { labelsAfter, type Labels } from '../shared/labels.js';
import type { Taint } from '../shared/taints.js';

export type NodeRole = 'control-plane' | 'worker';
export type Resources = Readonly<{ cpuMillis: number; memoryBytes: number; pods: number }>;
export type NodeAddress = Readonly<{ type: 'InternalIP' | 'Hostname' | 'ExternalIP'; address: string }>;
export type NodeInfo = Readonly<{
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
  operatingSystem: string;
  architecture: string;
}>;
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type Readiness = Readonly<{ status: ConditionStatus; reason: string; message: string; since: string }>;

/** What a kubelet reports about its machine when it registers. */
export type NodeRegistration = Readonly<{
  name: string;
  role: NodeRole;
  labels: Labels;
  taints: readonly Taint[];
  capacity: Resources;
  allocatable: Resources;
  addresses: readonly NodeAddress[];
  nodeInfo: NodeInfo;
  /** Where the node's kubelet serves HTTPS (Kubernetes: status.daemonEndpoints.kubeletEndpoint.Port). */
  kubeletPort?: number;
}>;

export type NodeRegistered = Event<'NodeRegistered', NodeRegistration>;
export type NodeCredentialIssued = Event<'NodeCredentialIssued', { name: string; credentialHash: string; bootstrapTokenId: string }>;
/**
 * The labels that changed: `set` the keys added or given a new value, `removed` the keys taken away.
 * Events written before kes recorded only the change also carry the whole map as `labels`; folding
 * either kind gives the same labels (see labelsAfter).
 */
export type NodeLabelsChanged = Event<'NodeLabelsChanged', { name: string; set: Labels; removed: readonly string[]; labels?: Labels }>;
export type NodeTaintsChanged = Event<'NodeTaintsChanged', { name: string; taints: readonly Taint[] }>;
export type NodeCordoned = Event<'NodeCordoned', { name: string }>;
export type NodeUncordoned = Event<'NodeUncordoned', { name: string }>;
export type NodeReadinessChanged = Event<'NodeReadinessChanged', { name: string; status: ConditionStatus; reason: string; message: string }>;
export type NodeDeleted = Event<'NodeDeleted', { name: string }>;
export type NodeReset = Event<'NodeReset', { name: string }>;

export type NodeEvent =
  | NodeRegistered
  | NodeCredentialIssued
  | NodeLabelsChanged
  | NodeTaintsChanged
  | NodeCordoned
  | NodeUncordoned
  | NodeReadinessChanged
  | NodeDeleted
  | NodeReset
  | ManagedFieldsChanged
  | ReconcileFailed;

export type RegisteredNode = Readonly<
  Omit<NodeRegistration, 'name'> & {
    name: string;
    unschedulable: boolean;
    readiness: Readiness;
    createdAt: string;
    credentialHash?: string;
    reset: boolean;
    /** Who owns which fields of the Node object (as kube-apiserver records them): set by the API's writes. */
    managedFields?: readonly ManagedFieldsEntry[];
  } & ReportedFailures
>;

export type NodeState =
  | Readonly<{ status: 'absent'; credentialHash?: string }>
  | Readonly<{ status: 'registered'; node: RegisteredNode }>
  /** `role` stays after a delete: the control plane keeps its node's name (its kubelet re-registers it). */
  | Readonly<{ status: 'deleted'; credentialHash?: string; role?: NodeRole }>;

export const nodeStream = (name: string) => `node-${name}`;
export const initialNodeState = (): NodeState => ({ status: 'absent' });

export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  const { type, data, metadata } = event;
  switch (type) {
    case 'NodeRegistered':
      return { status: 'registered', node: registered(state, data, metadata.at) };
    case 'NodeCredentialIssued':
      return state.status === 'registered'
        ? { status: 'registered', node: { ...state.node, credentialHash: data.credentialHash } }
        : { ...state, credentialHash: data.credentialHash };
    case 'NodeDeleted':
      return state.status === 'registered' ? { status: 'deleted', role: state.node.role } : { status: 'deleted' };
    default:
      return state.status === 'registered' ? { status: 'registered', node: changed(state.node, event) } : state;
  }
}

function registered(state: NodeState, data: NodeRegistration, at: string): RegisteredNode {
  const ready: Readiness = { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', since: at };
  if (state.status !== 'registered' || state.node.reset)
    return { ...data, unschedulable: false, readiness: ready, createdAt: at, reset: false, credentialHash: state.status === 'registered' ? state.node.credentialHash : state.credentialHash };
  const { kubeletPort: _previousPort, ...previous } = state.node;
  return {
    ...previous,
    ...(data.kubeletPort !== undefined ? { kubeletPort: data.kubeletPort } : {}),
    role: data.role,
    labels: { ...previous.labels, ...data.labels },
    capacity: data.capacity,
    allocatable: data.allocatable,
    addresses: data.addresses,
    nodeInfo: data.nodeInfo,
  };
}

function changed(node: RegisteredNode, event: NodeEvent): RegisteredNode {
  const at = event.metadata.at;
  switch (event.type) {
    case 'NodeLabelsChanged':
      return { ...node, labels: labelsAfter(node.labels, event.data) };
    case 'NodeTaintsChanged':
      return { ...node, taints: event.data.taints };
    case 'NodeCordoned':
      return { ...node, unschedulable: true };
    case 'NodeUncordoned':
      return { ...node, unschedulable: false };
    case 'NodeReadinessChanged':
      return { ...node, readiness: { status: event.data.status, reason: event.data.reason, message: event.data.message, since: at } };
    case 'NodeReset':
      return { ...node, reset: true, readiness: { status: 'Unknown', reason: 'NodeReset', message: 'kesadm reset was run on this node', since: at } };
    case 'ManagedFieldsChanged':
      return { ...node, managedFields: event.data.managedFields };
    case 'ReconcileFailed':
      return evolveReconcileFailure(node, event);
    default:
      return node;
  }
}
