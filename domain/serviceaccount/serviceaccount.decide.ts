import { decideMetadataChange, type MetadataCommand } from '../shared/metadata-change.js';
import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { metaProblems, type NewObjectMeta } from '../replicaset/workload-spec.js';
import {
  evolveServiceAccount,
  initialServiceAccountState,
  type ServiceAccount,
  type ServiceAccountEvent,
  type ServiceAccountKey,
  type ServiceAccountSettings,
  type ServiceAccountState,
} from './serviceaccount.js';

export type CreateServiceAccount = Command<'CreateServiceAccount', { meta: NewObjectMeta } & ServiceAccountSettings>;
export type DeleteServiceAccount = Command<'DeleteServiceAccount', ServiceAccountKey>;
export type ServiceAccountCommand = CreateServiceAccount | DeleteServiceAccount | MetadataCommand;

type Decision = NewEvent<ServiceAccountEvent>[];

const RESOURCE = 'serviceaccounts';
const KIND = 'ServiceAccount';

function existing(state: ServiceAccountState, name: string): ServiceAccount {
  if (state.status !== 'active') throw notFound(RESOURCE, name);
  return state.serviceAccount;
}

function create(command: CreateServiceAccount, state: ServiceAccountState): Decision {
  const { meta, automountServiceAccountToken } = command.data;
  const causes = metaProblems(meta);
  if (causes.length > 0) throw invalid(KIND, meta.name, causes);
  if (state.status === 'active') throw alreadyExists(RESOURCE, meta.name);
  const settings = automountServiceAccountToken === undefined ? {} : { automountServiceAccountToken };
  return [{ type: 'ServiceAccountCreated', data: { meta: { ...meta, creationTimestamp: command.metadata.at }, ...settings } }];
}

export function decideServiceAccount(command: ServiceAccountCommand, state: ServiceAccountState): Decision {
  switch (command.type) {
    case 'CreateServiceAccount':
      return create(command, state);
    case 'ChangeLabels':
    case 'ChangeAnnotations':
    case 'ChangeManagedFields':
      return decideMetadataChange(command, existing(state, command.data.name).meta);
    case 'DeleteServiceAccount':
      existing(state, command.data.name);
      return [{ type: 'ServiceAccountDeleted', data: { namespace: command.data.namespace, name: command.data.name } }];
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown serviceaccount command ${(unknown as Command).type}`);
    }
  }
}

export const serviceAccountDecider: Decider<ServiceAccountState, ServiceAccountCommand, ServiceAccountEvent> = {
  decide: decideServiceAccount,
  evolve: evolveServiceAccount,
  initialState: initialServiceAccountState,
};
