import type { Event } from '../shared/event.js';

export type ClusterConfig = Readonly<{
  clusterName: string;
  apiEndpoint: string;
  adminTokenHash: string;
  kubernetesVersion: string;
}>;

export type BootstrapToken = Readonly<{
  tokenId: string;
  secretHash: string;
  expiresAt: string;
  description: string;
  usages: readonly string[];
  createdAt: string;
}>;

export type ClusterInitialized = Event<'ClusterInitialized', ClusterConfig>;
export type BootstrapTokenCreated = Event<'BootstrapTokenCreated', Omit<BootstrapToken, 'createdAt'>>;
export type BootstrapTokenDeleted = Event<'BootstrapTokenDeleted', { tokenId: string }>;
export type ClusterEvent = ClusterInitialized | BootstrapTokenCreated | BootstrapTokenDeleted;

export type ClusterState =
  | Readonly<{ status: 'uninitialized' }>
  | Readonly<{ status: 'initialized'; config: ClusterConfig; tokens: Readonly<Record<string, BootstrapToken>> }>;

export const CLUSTER_STREAM = 'cluster';
export const initialClusterState = (): ClusterState => ({ status: 'uninitialized' });

export function evolveCluster(state: ClusterState, event: ClusterEvent): ClusterState {
  switch (event.type) {
    case 'ClusterInitialized':
      return { status: 'initialized', config: event.data, tokens: {} };
    case 'BootstrapTokenCreated': {
      if (state.status !== 'initialized') return state;
      const token = { ...event.data, createdAt: event.metadata.at };
      return { ...state, tokens: { ...state.tokens, [token.tokenId]: token } };
    }
    case 'BootstrapTokenDeleted': {
      if (state.status !== 'initialized') return state;
      const { [event.data.tokenId]: _gone, ...tokens } = state.tokens;
      return { ...state, tokens };
    }
  }
}

export const TOKEN_ID = /^[a-z0-9]{6}$/;
export const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

export function tokenUsable(token: BootstrapToken | undefined, now: string): boolean {
  return token !== undefined && token.expiresAt > now;
}
