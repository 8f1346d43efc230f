import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { decideReconcileFailure, type ReportReconcileFailure } from '../shared/reconcile-failure.js';
import { REVISION_ANNOTATION } from '../deployment/deployment.js';
import { adoptionDue } from '../shared/adoption.js';
import { ownedBy, type OwnerReference } from '../shared/object-meta.js';
import {
  evolveReplicaSet,
  initialReplicaSetState,
  type ReplicaSet,
  type ReplicaSetEvent,
  type ReplicaSetKey,
  type ReplicaSetSpec,
  type ReplicaSetState,
  type ReplicaSetStatus,
} from './replicaset.js';
import { countProblems, metaProblems, selectorProblems, templateProblems, type NewObjectMeta } from './workload-spec.js';

export type CreateReplicaSet = Command<'CreateReplicaSet', ReplicaSetSpec & { meta: NewObjectMeta }>;
export type ScaleReplicaSet = Command<'ScaleReplicaSet', ReplicaSetKey & { replicas: number }>;
export type ReportReplicaSetStatus = Command<'ReportReplicaSetStatus', ReplicaSetKey & ReplicaSetStatus>;
export type DeleteReplicaSet = Command<'DeleteReplicaSet', ReplicaSetKey>;
/** Gives the ReplicaSet its Deployment's revision (deployment.kubernetes.io/revision), when its template is current again. */
export type ReviseReplicaSet = Command<'ReviseReplicaSet', ReplicaSetKey & { revision: number }>;
/** Drops the ReplicaSet's reference to the owner `ownerUid` (its owner is deleted with propagationPolicy Orphan). */
export type OrphanReplicaSet = Command<'OrphanReplicaSet', ReplicaSetKey & { ownerUid: string }>;
/** A Deployment takes a ReplicaSet without a controller whose labels match its selector. */
export type AdoptReplicaSet = Command<'AdoptReplicaSet', ReplicaSetKey & { owner: OwnerReference }>;

export type ChangeReplicaSetMinReadySeconds = Command<'ChangeReplicaSetMinReadySeconds', ReplicaSetKey & { minReadySeconds: number }>;

export type ReplicaSetCommand =
  | CreateReplicaSet | ChangeReplicaSetMinReadySeconds | ScaleReplicaSet | ReportReplicaSetStatus | DeleteReplicaSet | OrphanReplicaSet | AdoptReplicaSet | ReviseReplicaSet | MetadataCommand | ReportReconcileFailure;

type Decision = NewEvent<ReplicaSetEvent>[];

const RESOURCE = 'replicasets.apps';
const KIND = 'ReplicaSet.apps';

function existing(state: ReplicaSetState, name: string): ReplicaSet {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.replicaSet;
}

export function replicaSetProblems({ meta, replicas, selector, template, minReadySeconds }: CreateReplicaSet['data']): FieldCause[] {
  return [
    ...metaProblems(meta),
    ...countProblems(replicas, 'spec.replicas'),
    ...countProblems(minReadySeconds ?? 0, 'spec.minReadySeconds'),
    ...selectorProblems(selector),
    ...templateProblems(template, selector),
  ];
}

function create(command: CreateReplicaSet, state: ReplicaSetState): Decision {
  const { data } = command;
  const causes = replicaSetProblems(data);
  if (causes.length > 0) throw invalid(KIND, data.meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, data.meta.name);
  const meta = { ...data.meta, creationTimestamp: command.metadata.at };
  return [{ type: 'ReplicaSetCreated', data: { ...data, meta } }];
}

function scale(data: ScaleReplicaSet['data'], state: ReplicaSetState): Decision {
  const rs = existing(state, data.name);
  const causes = countProblems(data.replicas, 'spec.replicas');
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  return rs.spec.replicas === data.replicas ? [] : [{ type: 'ReplicaSetScaled', data }];
}

function statusProblems(s: ReplicaSetStatus): FieldCause[] {
  const counts = (['replicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const)
    .flatMap((field) => countProblems(s[field], `status.${field}`));
  return [
    ...counts,
    ...(s.readyReplicas > s.replicas ? [{ field: 'status.readyReplicas', message: 'cannot be greater than status.replicas' }] : []),
    ...(s.availableReplicas > s.readyReplicas ? [{ field: 'status.availableReplicas', message: 'cannot be greater than readyReplicas' }] : []),
  ];
}

function reportStatus(data: ReportReplicaSetStatus['data'], state: ReplicaSetState): Decision {
  const { status } = existing(state, data.name);
  const causes = statusProblems(data);
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  const unchanged = status.replicas === data.replicas && status.readyReplicas === data.readyReplicas
    && status.availableReplicas === data.availableReplicas && status.observedGeneration === data.observedGeneration;
  return unchanged ? [] : [{ type: 'ReplicaSetStatusReported', data }];
}

function changeMinReadySeconds(data: ChangeReplicaSetMinReadySeconds['data'], state: ReplicaSetState): Decision {
  const { spec } = existing(state, data.name);
  const causes = countProblems(data.minReadySeconds, 'spec.minReadySeconds');
  if (causes.length > 0) throw invalid(KIND, data.name, causes);
  return (spec.minReadySeconds ?? 0) === data.minReadySeconds ? [] : [{ type: 'ReplicaSetMinReadySecondsChanged', data }];
}

function revise(data: ReviseReplicaSet['data'], state: ReplicaSetState): Decision {
  const { meta } = existing(state, data.name);
  if (!Number.isSafeInteger(data.revision) || data.revision < 1) throw invalid(KIND, data.name, [{ field: 'revision', message: `must be a whole number, 1 or more (got ${data.revision})` }]);
  return meta.annotations[REVISION_ANNOTATION] === String(data.revision) ? [] : [{ type: 'ReplicaSetRevised', data }];
}

export function decideReplicaSet(command: ReplicaSetCommand, state: ReplicaSetState): Decision {
  switch (command.type) {
    case 'CreateReplicaSet':
      return create(command, state);
    case 'ScaleReplicaSet':
      return scale(command.data, state);
    case 'ReportReplicaSetStatus':
      return reportStatus(command.data, state);
    case 'DeleteReplicaSet':
      existing(state, command.data.name);
      return [{ type: 'ReplicaSetDeleted', data: command.data }];
    case 'ReviseReplicaSet':
      return revise(command.data, state);
    case 'ChangeReplicaSetMinReadySeconds':
      return changeMinReadySeconds(command.data, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'AdoptReplicaSet':
      return adoptionDue(existing(state, command.data.name).meta, command.data.owner, RESOURCE, command.data.name)
        ? [{ type: 'ReplicaSetAdopted', data: command.data }] : [];
    case 'OrphanReplicaSet':
      return ownedBy(existing(state, command.data.name).meta, command.data.ownerUid) ? [{ type: 'ReplicaSetOrphaned', data: command.data }] : [];
    case 'ReportReconcileFailure':
      return decideReconcileFailure(command, existing(state, command.data.name));
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown replicaset command ${(unknown as Command).type}`);
    }
  }
}

export const replicaSetDecider: Decider<ReplicaSetState, ReplicaSetCommand, ReplicaSetEvent> = {
  decide: decideReplicaSet,
  evolve: evolveReplicaSet,
  initialState: initialReplicaSetState,
};
