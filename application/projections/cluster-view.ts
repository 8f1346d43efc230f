import { evolveCluster, initialClusterState, type ClusterEvent, type ClusterState } from '../../domain/cluster/cluster.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

const CLUSTER_EVENTS = new Set<string>(['ClusterInitialized', 'BootstrapTokenCreated', 'BootstrapTokenDeleted', 'ComponentCredentialIssued', 'AdminTokenReplaced']);

export const isClusterEvent = (event: RecordedEvent): event is RecordedEvent<ClusterEvent> => CLUSTER_EVENTS.has(event.type);

export type ClusterView = ClusterState;
export const initialClusterView = initialClusterState;
export const evolveClusterView = (view: ClusterView, event: RecordedEvent<ClusterEvent>): ClusterView => evolveCluster(view, event);
