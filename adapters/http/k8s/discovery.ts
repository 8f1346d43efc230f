import type { FastifyInstance } from 'fastify';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

const CORE_RESOURCES = [
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: VERBS, shortNames: ['no'] },
  { name: 'nodes/status', singularName: '', namespaced: false, kind: 'Node', verbs: ['get', 'patch', 'update'] },
  { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['get', 'list'], shortNames: ['ev'] },
];

const COORDINATION_RESOURCES = [
  { name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: ['get', 'list', 'update'] },
];

const group = (name: string, version = 'v1') => ({
  name,
  versions: [{ groupVersion: `${name}/${version}`, version }],
  preferredVersion: { groupVersion: `${name}/${version}`, version },
});

/** The legacy discovery documents kubectl reads before any command (KUBECTL-API.md). */
export function discoveryRoutes(app: FastifyInstance, kubernetesVersion: string): void {
  const [major, minor] = kubernetesVersion.replace(/^v/, '').split('.');
  app.get('/version', async () => ({ major, minor, gitVersion: kubernetesVersion, platform: `${process.platform}/${process.arch}`, goVersion: 'n/a (kes)' }));
  app.get('/api', async () => ({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }));
  app.get('/apis', async () => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: [group('coordination.k8s.io')] }));
  app.get('/api/v1', async () => ({ kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES }));
  app.get('/apis/coordination.k8s.io/v1', async () => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'coordination.k8s.io/v1',
    resources: COORDINATION_RESOURCES,
  }));
}
