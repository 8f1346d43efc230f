import type { Decider } from '../shared/decider.js';
import { alreadyExists, CommandRefused, invalid, notFound } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import {
  evolveCluster,
  initialClusterState,
  TOKEN_ID,
  COMPONENTS,
  type AdminTokenReplaced,
  type BootstrapTokenCreated,
  type ComponentCredentialIssued,
  type ClusterConfig,
  type ClusterEvent,
  type ClusterState,
} from './cluster.js';

export type InitializeCluster = Command<'InitializeCluster', ClusterConfig>;
export type CreateBootstrapToken = Command<'CreateBootstrapToken', BootstrapTokenCreated['data']>;
export type DeleteBootstrapToken = Command<'DeleteBootstrapToken', { tokenId: string }>;
export type IssueComponentCredential = Command<'IssueComponentCredential', ComponentCredentialIssued['data']>;
export type ReplaceAdminToken = Command<'ReplaceAdminToken', AdminTokenReplaced['data']>;
export type ClusterCommand = InitializeCluster | CreateBootstrapToken | DeleteBootstrapToken | IssueComponentCredential | ReplaceAdminToken;

type Decision = NewEvent<ClusterEvent>[];

function initialized(state: ClusterState) {
  if (state.status !== 'initialized')
    throw new CommandRefused('Conflict', 'the cluster is not initialized: run `kesadm init` first');
  return state;
}

function createToken(data: CreateBootstrapToken['data'], state: ClusterState): Decision {
  const cluster = initialized(state);
  if (!TOKEN_ID.test(data.tokenId))
    throw invalid('BootstrapToken', data.tokenId, [{ field: 'tokenId', message: 'must be 6 characters of [a-z0-9]' }]);
  if (cluster.tokens[data.tokenId]) throw alreadyExists('bootstraptokens', data.tokenId);
  return [{ type: 'BootstrapTokenCreated', data }];
}

export function decideCluster(command: ClusterCommand, state: ClusterState): Decision {
  switch (command.type) {
    case 'InitializeCluster':
      if (state.status === 'initialized') throw alreadyExists('cluster', state.config.clusterName);
      return [{ type: 'ClusterInitialized', data: command.data }];
    case 'CreateBootstrapToken':
      return createToken(command.data, state);
    case 'IssueComponentCredential':
      initialized(state);
      if (!(COMPONENTS as readonly string[]).includes(command.data.component))
        throw invalid('ComponentCredential', String(command.data.component), [{ field: 'component', message: `must be one of ${COMPONENTS.join(', ')}` }]);
      return [{ type: 'ComponentCredentialIssued', data: command.data }];
    case 'ReplaceAdminToken':
      initialized(state);
      return [{ type: 'AdminTokenReplaced', data: command.data }];
    case 'DeleteBootstrapToken':
      if (!initialized(state).tokens[command.data.tokenId]) throw notFound('bootstraptokens', command.data.tokenId);
      return [{ type: 'BootstrapTokenDeleted', data: command.data }];
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown cluster command ${(unknown as Command).type}`);
    }
  }
}

export const clusterDecider: Decider<ClusterState, ClusterCommand, ClusterEvent> = {
  decide: decideCluster,
  evolve: evolveCluster,
  initialState: initialClusterState,
};
