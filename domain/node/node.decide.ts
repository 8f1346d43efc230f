import type { Decider } from '../shared/decider.js';
import { CommandRefused, invalid, notFound } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideManagedFields, type ChangeManagedFields } from '../shared/metadata-change.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import { labelChange, labelsProblems, objectNameProblem, sameLabels, type Labels } from '../shared/labels.js';
import { CONTROL_PLANE_ROLE_LABEL, sameTaints, taintProblems, type Taint } from '../shared/taints.js';
import {
  evolveNode,
  initialNodeState,
  type ConditionStatus,
  type NodeEvent,
  type NodeRegistration,
  type NodeRole,
  type NodeState,
  type RegisteredNode,
} from './node.js';

export type RegisterNode = Command<'RegisterNode', NodeRegistration>;
/** A join: a bootstrap token is exchanged for a node credential, and the node registers. */
export type JoinNode = Command<'JoinNode', { registration: NodeRegistration; credentialHash: string; bootstrapTokenId: string }>;
export type ChangeNodeLabels = Command<'ChangeNodeLabels', { name: string; set: Labels; remove: readonly string[] }>;
export type SetNodeTaints = Command<'SetNodeTaints', { name: string; taints: readonly Taint[] }>;
export type CordonNode = Command<'CordonNode', { name: string }>;
export type UncordonNode = Command<'UncordonNode', { name: string }>;
export type ReportNodeReadiness = Command<'ReportNodeReadiness', { name: string; status: ConditionStatus; reason: string; message: string }>;
export type DeleteNode = Command<'DeleteNode', { name: string }>;
export type ResetNode = Command<'ResetNode', { name: string }>;

export type NodeCommand =
  | RegisterNode
  | JoinNode
  | ChangeNodeLabels
  | SetNodeTaints
  | CordonNode
  | UncordonNode
  | ReportNodeReadiness
  | DeleteNode
  | ResetNode
  | ChangeManagedFields
  | ReportReconcileFailure;

type Decision = NewEvent<NodeEvent>[];

function existing(state: NodeState, name: string): RegisteredNode {
  if (state.status !== 'registered') throw notFound('nodes', name);
  return state.node;
}

export function registrationProblems(r: NodeRegistration) {
  const nameProblem = objectNameProblem(r.name);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: nameProblem }] : []),
    ...labelsProblems(r.labels),
    ...taintProblems(r.taints),
    ...(r.kubeletPort === undefined || (Number.isInteger(r.kubeletPort) && r.kubeletPort >= 1 && r.kubeletPort <= 65535)
      ? []
      : [{ field: 'status.daemonEndpoints.kubeletEndpoint.Port', message: `Invalid value: ${JSON.stringify(r.kubeletPort)}: must be a TCP port (1-65535)` }]),
  ];
}

/** The role a node had, registered or deleted; undefined for a name never registered. */
const roleOf = (state: NodeState) => (state.status === 'registered' ? state.node.role : state.status === 'deleted' ? state.role : undefined);

/**
 * As Kubernetes' NodeRestriction keeps kubelets from setting node-role labels on themselves: a node registered
 * as a worker cannot register again as the control plane. The control plane's own node registers once at init.
 */
function roleRefusal(registration: NodeRegistration, before: NodeRole | undefined): CommandRefused | undefined {
  if (registration.role !== 'control-plane' || before === undefined || before === 'control-plane') return undefined;
  return invalid('Node', registration.name, [
    { field: `metadata.labels[${CONTROL_PLANE_ROLE_LABEL}]`, message: `Forbidden: node "${registration.name}" is a worker and cannot make itself the control plane` },
  ]);
}

function register(registration: NodeRegistration, state: NodeState): Decision {
  const causes = registrationProblems(registration);
  if (causes.length > 0) throw invalid('Node', registration.name, causes);
  const refused = roleRefusal(registration, roleOf(state));
  if (refused) throw refused;
  if (state.status === 'registered' && !state.node.reset && sameRegistration(state.node, registration)) return [];
  return [{ type: 'NodeRegistered', data: registration }];
}

function sameRegistration(node: RegisteredNode, r: NodeRegistration): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const labelsKept = Object.entries(r.labels).every(([k, v]) => node.labels[k] === v);
  return labelsKept && node.role === r.role && same(node.capacity, r.capacity) && same(node.allocatable, r.allocatable)
    && same(node.addresses, r.addresses) && same(node.nodeInfo, r.nodeInfo) && node.kubeletPort === r.kubeletPort;
}

function join(command: JoinNode, state: NodeState): Decision {
  const { registration, credentialHash, bootstrapTokenId } = command.data;
  // A joining machine is a worker: the control plane is the node `kesadm init` made.
  const refused = roleRefusal(registration, roleOf(state) ?? 'worker');
  if (refused) throw refused;
  const registering = register(registration, state);
  const taken = nameTaken(state, registration.name);
  if (taken) throw taken;
  return [
    { type: 'NodeCredentialIssued', data: { name: registration.name, credentialHash, bootstrapTokenId } },
    ...registering,
  ];
}

/**
 * Like kubeadm, a join may not take the name of a node that still runs (registered and Ready): the new credential
 * would replace the node's own. A worker's name is free again once it is deleted or reset, or once its kubelet stopped
 * reporting (NotReady or Unknown) — so a join cut short after the server registered the node (the machine never kept
 * its credential, its kubelet never started) can simply be run again. The control plane's name never is: its
 * kubelet runs in the API server's process, needs no credential, and so cannot be cut off by a new one.
 */
function nameTaken(state: NodeState, name: string): CommandRefused | undefined {
  if (roleOf(state) === 'control-plane')
    return joinRefused(name, "is the cluster's control-plane node: no machine can join under its name, even after a reset or a delete; join this machine under another name");
  if (state.status === 'registered' && !state.node.reset && state.node.readiness.status === 'True')
    return joinRefused(
      name,
      `is already registered in the cluster: it is Ready; to join a new machine under this name, delete the node first (kesctl delete node ${name}) or run kesadm reset on it (a node whose kubelet stopped reporting can be joined again once it is NotReady)`,
    );
  return undefined;
}

const joinRefused = (name: string, why: string) => new CommandRefused('AlreadyExists', `node "${name}" ${why}`, { kind: 'nodes', name });

function changeLabels({ name, set, remove }: ChangeNodeLabels['data'], state: NodeState): Decision {
  const node = existing(state, name);
  const causes = labelsProblems(set);
  if (causes.length > 0) throw invalid('Node', name, causes);
  const labels: Record<string, string> = { ...node.labels, ...set };
  for (const key of remove) delete labels[key];
  if (sameLabels(labels, node.labels)) return [];
  return [{ type: 'NodeLabelsChanged', data: { name, ...labelChange(node.labels, labels) } }];
}

function setTaints({ name, taints }: SetNodeTaints['data'], state: NodeState): Decision {
  const node = existing(state, name);
  const causes = taintProblems(taints);
  if (causes.length > 0) throw invalid('Node', name, causes);
  return sameTaints(node.taints, taints) ? [] : [{ type: 'NodeTaintsChanged', data: { name, taints } }];
}

function reportReadiness(data: ReportNodeReadiness['data'], state: NodeState): Decision {
  const node = existing(state, data.name);
  if (!['True', 'False', 'Unknown'].includes(data.status))
    throw invalid('Node', data.name, [{ field: 'status.conditions[Ready].status', message: 'must be True, False or Unknown' }]);
  return node.readiness.status === data.status ? [] : [{ type: 'NodeReadinessChanged', data }];
}

export function decideNode(command: NodeCommand, state: NodeState): Decision {
  switch (command.type) {
    case 'RegisterNode':
      return register(command.data, state);
    case 'JoinNode':
      return join(command, state);
    case 'ChangeNodeLabels':
      return changeLabels(command.data, state);
    case 'SetNodeTaints':
      return setTaints(command.data, state);
    case 'CordonNode':
      return existing(state, command.data.name).unschedulable ? [] : [{ type: 'NodeCordoned', data: command.data }];
    case 'UncordonNode':
      return existing(state, command.data.name).unschedulable ? [{ type: 'NodeUncordoned', data: command.data }] : [];
    case 'ReportNodeReadiness':
      return reportReadiness(command.data, state);
    case 'DeleteNode':
      existing(state, command.data.name);
      return [{ type: 'NodeDeleted', data: command.data }];
    case 'ResetNode':
      return existing(state, command.data.name).reset ? [] : [{ type: 'NodeReset', data: command.data }];
    case 'ChangeManagedFields': {
      return decideManagedFields(command, existing(state, command.data.name));
    }
    case 'ReportReconcileFailure':
      return decideReconcileFailure(command, existing(state, command.data.name));
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown node command ${(unknown as Command).type}`);
    }
  }
}

export const nodeDecider: Decider<NodeState, NodeCommand, NodeEvent> = {
  decide: decideNode,
  evolve: evolveNode,
  initialState: initialNodeState,
};
