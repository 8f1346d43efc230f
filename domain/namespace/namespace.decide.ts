import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import { annotationsProblems, dnsLabelProblem, labelsProblems } from '../shared/labels.js';
import {
  evolveNamespace,
  initialNamespaceState,
  isProtectedNamespace,
  NAMESPACE_NAME_LABEL,
  type NamespaceEvent,
  type NamespaceMeta,
  type NamespaceState,
} from './namespace.js';

export type CreateNamespace = Command<'CreateNamespace', { meta: Omit<NamespaceMeta, 'creationTimestamp'> }>;
export type DeleteNamespace = Command<'DeleteNamespace', { name: string }>;
/** Sent by the namespace controller once nothing is left in a terminating namespace. */
export type FinalizeNamespace = Command<'FinalizeNamespace', { name: string }>;
export type NamespaceCommand = CreateNamespace | DeleteNamespace | FinalizeNamespace | MetadataCommand | ReportReconcileFailure;

type Decision = NewEvent<NamespaceEvent>[];

const RESOURCE = 'namespaces';

export function namespaceProblems(meta: CreateNamespace['data']['meta']): FieldCause[] {
  const nameProblem = dnsLabelProblem(meta.name);
  return [
    ...(nameProblem ? [{ field: 'metadata.name', message: nameProblem }] : []),
    ...(meta.uid ? [] : [{ field: 'metadata.uid', message: 'Required value' }]),
    ...labelsProblems(meta.labels),
    ...annotationsProblems(meta.annotations),
  ];
}

function create(command: CreateNamespace, state: NamespaceState): Decision {
  const { meta } = command.data;
  const causes = namespaceProblems(meta);
  if (causes.length > 0) throw invalid('Namespace', meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  if (state.status === 'terminating')
    throw new CommandRefused('AlreadyExists', `object is being deleted: namespaces "${meta.name}" already exists`, { kind: RESOURCE, name: meta.name });
  const labels = { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name };
  return [{ type: 'NamespaceCreated', data: { meta: { ...meta, labels, creationTimestamp: command.metadata.at } } }];
}

function remove({ name }: DeleteNamespace['data'], state: NamespaceState): Decision {
  if (isProtectedNamespace(name))
    throw new CommandRefused('Forbidden', `namespace "${name}" is forbidden: this namespace may not be deleted`, { kind: RESOURCE, name });
  if (state.status === 'terminating') return [];
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return [{ type: 'NamespaceTerminating', data: { name } }];
}

function finalize({ name }: FinalizeNamespace['data'], state: NamespaceState): Decision {
  if (state.status === 'active')
    throw new CommandRefused('Conflict', `namespace "${name}" is not terminating: delete it before finalizing`, { kind: RESOURCE, name });
  if (state.status !== 'terminating') throw notFound(RESOURCE, name);
  return [{ type: 'NamespaceDeleted', data: { name } }];
}

/** As for other objects, except that the `kubernetes.io/metadata.name` label always holds the name. */
function changeMetadata(command: MetadataCommand, state: NamespaceState): Decision {
  const { name } = command.data;
  if (state.status !== 'active' && state.status !== 'terminating') throw notFound(RESOURCE, name);
  const nameLabel = command.type === 'ChangeLabels' &&
    ((NAMESPACE_NAME_LABEL in command.data.set && command.data.set[NAMESPACE_NAME_LABEL] !== name) || command.data.remove.includes(NAMESPACE_NAME_LABEL));
  if (nameLabel)
    throw invalid('Namespace', name, [{ field: `metadata.labels[${NAMESPACE_NAME_LABEL}]`, message: `Invalid value: it must be the namespace's name, "${name}"` }]);
  return decideMetadataChange(command, state.meta);
}

export function decideNamespace(command: NamespaceCommand, state: NamespaceState): Decision {
  switch (command.type) {
    case 'CreateNamespace':
      return create(command, state);
    case 'DeleteNamespace':
      return remove(command.data, state);
    case 'FinalizeNamespace':
      return finalize(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return changeMetadata(command, state);
    case 'ReportReconcileFailure':
      if (state.status !== 'active' && state.status !== 'terminating') throw notFound(RESOURCE, command.data.name);
      return decideReconcileFailure(command, state);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown namespace command ${(unknown as Command).type}`);
    }
  }
}

export const namespaceDecider: Decider<NamespaceState, NamespaceCommand, NamespaceEvent> = {
  decide: decideNamespace,
  evolve: evolveNamespace,
  initialState: initialNamespaceState,
};
