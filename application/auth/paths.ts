/** kes' own API group: joins, commands, the event feed, bootstrap tokens, history. */
export const KES_GROUP = 'kes.io';

/** Where node leases (heartbeats) live. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** What anyone may ask, with or without a credential (Kubernetes' system:public-info-viewer, and kubeadm's cluster-info). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/kes/v1/cluster-ca']);

/** What describes the API itself (Kubernetes' system:discovery). */
const DISCOVERY = /^\/(?:api|apis|openapi|version)(?:\/|$)/;

export const isPublicPath = (path: string) => PUBLIC_PATHS.has(path);
export const isDiscoveryPath = (path: string) => DISCOVERY.test(path);
