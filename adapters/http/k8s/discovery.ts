import type { FastifyInstance } from 'fastify';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const SCALE_VERBS = ['get', 'patch', 'update'];

const CORE_RESOURCES = [
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: VERBS, shortNames: ['no'] },
  { name: 'nodes/status', singularName: '', namespaced: false, kind: 'Node', verbs: ['get', 'patch', 'update'] },
  { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: VERBS, shortNames: ['ns'] },
  { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: VERBS, shortNames: ['po'], categories: ['all'] },
  { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
  { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
  { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: VERBS, shortNames: ['svc'], categories: ['all'] },
  { name: 'endpoints', singularName: 'endpoints', namespaced: true, kind: 'Endpoints', verbs: ['get', 'list', 'watch'], shortNames: ['ep'] },
  { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: VERBS, shortNames: ['cm'] },
  { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: VERBS },
  { name: 'serviceaccounts', singularName: 'serviceaccount', namespaced: true, kind: 'ServiceAccount', verbs: VERBS, shortNames: ['sa'] },
  { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['list', 'watch'], shortNames: ['ev'] },
];

const APPS_RESOURCES = [
  { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: VERBS, shortNames: ['deploy'], categories: ['all'] },
  { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SCALE_VERBS },
  { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: VERBS, shortNames: ['rs'], categories: ['all'] },
  { name: 'replicasets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SCALE_VERBS },
];

const BATCH_RESOURCES = [
  { name: 'jobs', singularName: 'job', namespaced: true, kind: 'Job', verbs: VERBS, categories: ['all'] },
  { name: 'jobs/status', singularName: '', namespaced: true, kind: 'Job', verbs: ['get', 'patch', 'update'] },
];

/** Read from the Endpoints the endpoints controller keeps (one slice per service). */
const DISCOVERY_RESOURCES = [
  { name: 'endpointslices', singularName: 'endpointslice', namespaced: true, kind: 'EndpointSlice', verbs: ['get', 'list', 'watch'] },
];

const COORDINATION_RESOURCES = [
  { name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: ['get', 'list', 'update'] },
];

/** kes has no disruption budgets (none ever holds an eviction back); listed so that `kubectl drain` evicts. */
const POLICY_RESOURCES = [
  { name: 'poddisruptionbudgets', singularName: 'poddisruptionbudget', namespaced: true, kind: 'PodDisruptionBudget', verbs: ['get', 'list'], shortNames: ['pdb'] },
];

const SCHEDULING_RESOURCES = [
  { name: 'priorityclasses', singularName: 'priorityclass', namespaced: false, kind: 'PriorityClass', verbs: VERBS, shortNames: ['pc'] },
];

/** Questions a user asks about themselves (`kubectl auth can-i`, `kubectl auth whoami`): create only. */
const AUTHORIZATION_RESOURCES = [
  { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
  { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
];
const AUTHENTICATION_RESOURCES = [
  { name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] },
];

/** The same events as core/v1, in the events.k8s.io shape. */
const EVENTS_RESOURCES = [
  { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['get', 'list', 'watch'], shortNames: ['ev'] },
];

/** What `kubectl top` reads (metrics-server's API, served by kes itself from the kubelets). */
const METRICS_RESOURCES = [
  { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
  { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
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
  app.get('/apis', async () => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: [group('apps'), group('batch'), group('authentication.k8s.io'), group('authorization.k8s.io'), group('coordination.k8s.io'), group('discovery.k8s.io'), group('events.k8s.io'), group('metrics.k8s.io', 'v1beta1'), group('policy'), group('scheduling.k8s.io')] }));
  app.get('/api/v1', async () => ({ kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES }));
  const groupVersion = (groupVersion: string, resources: readonly object[]) =>
    app.get(`/apis/${groupVersion}`, async () => ({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }));
  groupVersion('apps/v1', APPS_RESOURCES);
  groupVersion('batch/v1', BATCH_RESOURCES);
  groupVersion('authentication.k8s.io/v1', AUTHENTICATION_RESOURCES);
  groupVersion('authorization.k8s.io/v1', AUTHORIZATION_RESOURCES);
  groupVersion('coordination.k8s.io/v1', COORDINATION_RESOURCES);
  groupVersion('discovery.k8s.io/v1', DISCOVERY_RESOURCES);
  groupVersion('events.k8s.io/v1', EVENTS_RESOURCES);
  groupVersion('metrics.k8s.io/v1beta1', METRICS_RESOURCES);
  groupVersion('policy/v1', POLICY_RESOURCES);
  groupVersion('scheduling.k8s.io/v1', SCHEDULING_RESOURCES);
}
