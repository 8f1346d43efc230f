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

/** The control plane's components that run as processes of their own, each with a credential. */
export const COMPONENTS = ['scheduler', 'controller-manager'] as const;
export type Component = (typeof COMPONENTS)[number];

export type ClusterInitialized = Event<'ClusterInitialized', ClusterConfig>;
/** A component's credential, by the hash of its token; a new one replaces (revokes) the one before. */
export type ComponentCredentialIssued = Event<'ComponentCredentialIssued', { component: Component; tokenHash: string }>;
export type BootstrapTokenCreated = Event<'BootstrapTokenCreated', Omit<BootstrapToken, 'createdAt'>>;
export type BootstrapTokenDeleted = Event<'BootstrapTokenDeleted', { tokenId: string }>;
/** The admin's credential, by the hash of its token, replacing (revoking) the one before: a restored cluster gets a new one. */
export type AdminTokenReplaced = Event<'AdminTokenReplaced', { adminTokenHash: string }>;
export type ClusterEvent = ClusterInitialized | BootstrapTokenCreated | BootstrapTokenDeleted | ComponentCredentialIssued | AdminTokenReplaced;

export type ClusterState =
  | Readonly<{ status: 'uninitialized' }>
  | Readonly<{
      status: 'initialized';
      config: ClusterConfig;
      tokens: Readonly<Record<string, BootstrapToken>>;
      /** The hash of each component's token. */
      components: Readonly<Partial<Record<Component, string>>>;
    }>;

export const CLUSTER_STREAM = 'cluster';
export const initialClusterState = (): ClusterState => ({ status: 'uninitialized' });

export function evolveCluster(state: ClusterState, event: ClusterEvent): ClusterState {
  switch (event.type) {
    case 'ClusterInitialized':
      return { status: 'initialized', config: event.data, tokens: {}, components: {} };
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
    case 'ComponentCredentialIssued':
      return state.status === 'initialized' ? { ...state, components: { ...(state.components ?? {}), [event.data.component]: event.data.tokenHash } } : state;
    case 'AdminTokenReplaced':
      return state.status === 'initialized' ? { ...state, config: { ...state.config, adminTokenHash: event.data.adminTokenHash } } : state;
  }
}

export const TOKEN_ID = /^[a-z0-9]{6}$/;
export const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

export function tokenUsable(token: BootstrapToken | undefined, now: string): boolean {
  return token !== undefined && token.expiresAt > now;
}
