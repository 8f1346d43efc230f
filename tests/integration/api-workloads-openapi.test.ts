import test from 'ava';
import { strategicMergePatch } from '../../adapters/http/k8s/openapi/strategic-merge.js';
import { APPS_V1_SCHEMAS } from '../../adapters/http/k8s/openapi/documents.js';
import { unresolvedRefs, type OpenApiSchema } from '../../adapters/http/k8s/openapi/schema.js';
import { apiHarness } from '../support/api-harness.js';

/** Discovery and the OpenAPI v3 documents kubectl reads before `apply` (KUBECTL-API.md). */

type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, unknown> }; 'x-kubernetes-group-version-kind'?: unknown };
type Document = { paths: Record<string, { patch?: Operation }>; components: { schemas: Record<string, OpenApiSchema> } };

test('discovery lists pods, namespaces, services and their kin, the apps, discovery and policy groups, with kubectl short names', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const groups = (await api.request('GET', '/apis')).json().groups;
  t.deepEqual(groups.map((g: { name: string }) => g.name), ['apps', 'batch', 'authentication.k8s.io', 'authorization.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'metrics.k8s.io', 'policy', 'scheduling.k8s.io']);
  t.deepEqual(groups.find((g: { name: string }) => g.name === 'policy').preferredVersion, { groupVersion: 'policy/v1', version: 'v1' });
  const core = (await api.request('GET', '/api/v1')).json().resources;
  const byName = (list: { name: string }[], name: string) => list.find((r) => r.name === name);
  t.like(byName(core, 'pods'), { kind: 'Pod', namespaced: true, singularName: 'pod', shortNames: ['po'] });
  t.like(byName(core, 'pods/eviction'), { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
  t.truthy(byName(core, 'pods/log'));
  t.like(byName(core, 'namespaces'), { namespaced: false, shortNames: ['ns'] });
  t.like(byName(core, 'services'), { kind: 'Service', namespaced: true, shortNames: ['svc'] });
  t.like(byName(core, 'endpoints'), { kind: 'Endpoints', shortNames: ['ep'], verbs: ['get', 'list', 'watch'] });
  t.like(byName(core, 'configmaps'), { kind: 'ConfigMap', shortNames: ['cm'] });
  t.like(byName(core, 'secrets'), { kind: 'Secret', singularName: 'secret' });
  t.like((await api.request('GET', '/apis/discovery.k8s.io/v1')).json().resources[0], { name: 'endpointslices', kind: 'EndpointSlice' });
  const apps = (await api.request('GET', '/apis/apps/v1')).json();
  t.is(apps.groupVersion, 'apps/v1');
  t.like(byName(apps.resources, 'deployments'), { shortNames: ['deploy'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
  t.like(byName(apps.resources, 'replicasets'), { shortNames: ['rs'] });
  t.like(byName(apps.resources, 'deployments/scale'), { kind: 'Scale', group: 'autoscaling', version: 'v1' });
  t.is((await api.request('GET', '/apis/policy/v1')).json().resources[0].name, 'poddisruptionbudgets');
  t.deepEqual((await api.request('GET', '/apis/policy/v1/namespaces/x/poddisruptionbudgets')).json().items, []);
});

test('the OpenAPI v3 index points at one document per group-version, which kubectl reads for server-side field validation', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const index = (await api.request('GET', '/openapi/v3')).json();
  t.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/scheduling.k8s.io/v1']);
  const documents: Record<string, Document> = {};
  for (const [path, { serverRelativeURL }] of Object.entries(index.paths as Record<string, { serverRelativeURL: string }>)) {
    t.regex(serverRelativeURL, new RegExp(`^/openapi/v3/${path}\\?hash=[0-9A-F]{128}$`));
    const response = await api.request('GET', serverRelativeURL);
    t.is(response.statusCode, 200);
    t.is((await api.request('GET', serverRelativeURL, undefined, { 'if-none-match': response.headers.etag as string })).statusCode, 304);
    documents[path] = response.json();
  }
  const patchable = (doc: Document) =>
    Object.entries(doc.paths).flatMap(([path, item]) => {
      const op = item.patch;
      if (!path.startsWith('/') || !op) return [];
      const inline = op.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query');
      const strategic = 'application/strategic-merge-patch+json' in (op.requestBody?.content ?? {});
      return inline && strategic ? [JSON.stringify(op['x-kubernetes-group-version-kind'])] : [];
    });
  t.deepEqual(patchable(documents['api/v1']).sort(), ['ConfigMap', 'Namespace', 'Pod', 'Secret', 'Service', 'ServiceAccount'].map((kind) => JSON.stringify({ group: '', version: 'v1', kind })));
  t.true(patchable(documents['apis/apps/v1']).includes('{"group":"apps","version":"v1","kind":"Deployment"}'));
  t.true(patchable(documents['apis/apps/v1']).includes('{"group":"apps","version":"v1","kind":"ReplicaSet"}'));
  t.deepEqual(patchable(documents['apis/batch/v1']), ['{"group":"batch","version":"v1","kind":"Job"}']);
  t.deepEqual(patchable(documents['apis/scheduling.k8s.io/v1']), ['{"group":"scheduling.k8s.io","version":"v1","kind":"PriorityClass"}']);

  for (const doc of Object.values(documents)) {
    const schemas = doc.components.schemas;
    t.deepEqual(unresolvedRefs(schemas), [], 'every $ref resolves');
    const kinds = Object.values(schemas).flatMap((s) => s['x-kubernetes-group-version-kind'] ?? []).map((g) => g.kind);
    t.is(new Set(kinds).size, kinds.length, 'one schema per kind, as kubectl picks the first that names it');
  }
  const podSpec = documents['apis/apps/v1'].components.schemas['io.k8s.api.core.v1.PodSpec'].properties!;
  t.like(podSpec.containers, { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
  t.like(podSpec.volumes, { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
  const schemas = documents['apis/apps/v1'].components.schemas;
  const container = schemas['io.k8s.api.core.v1.Container'].properties!;
  const mergeKey = (s: { 'x-kubernetes-patch-merge-key'?: string } | undefined) => s?.['x-kubernetes-patch-merge-key'];
  t.deepEqual(
    [podSpec.initContainers, podSpec.ephemeralContainers, podSpec.imagePullSecrets, podSpec.hostAliases, podSpec.topologySpreadConstraints, podSpec.tolerations].map(mergeKey),
    ['name', 'name', 'name', 'ip', 'topologyKey', undefined],
  );
  t.deepEqual([container.env, container.ports, container.volumeMounts, container.args].map(mergeKey), ['name', 'containerPort', 'mountPath', undefined]);
  t.like(container.ports, { 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] });
  t.like(podSpec.activeDeadlineSeconds, { type: 'integer', format: 'int64' });
  t.truthy(schemas['io.k8s.api.core.v1.Lifecycle'].properties!.preStop);
  t.truthy(schemas['io.k8s.api.core.v1.PodSecurityContext'].properties!.runAsUser);
  t.truthy(schemas['io.k8s.api.core.v1.ConfigMapKeySelector'], 'shared shapes carry Kubernetes\' names');
  t.truthy(schemas['io.k8s.api.core.v1.PodStatus'].properties!.initContainerStatuses);
});

test('a strategic-merge patch merges init containers by name and host aliases by ip', (t) => {
  const current = { spec: { template: { spec: {
    initContainers: [{ name: 'a', image: 'x', env: [{ name: 'K', value: '1' }] }, { name: 'b', image: 'y' }],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['one'] }],
  } } } };
  const patched = strategicMergePatch(APPS_V1_SCHEMAS, 'io.k8s.api.apps.v1.Deployment', current, { spec: { template: { spec: {
    initContainers: [{ name: 'b', image: 'z' }],
    hostAliases: [{ ip: '10.0.0.2', hostnames: ['two'] }],
  } } } }) as typeof current;
  t.deepEqual(patched.spec.template.spec.initContainers, [{ name: 'a', image: 'x', env: [{ name: 'K', value: '1' }] }, { name: 'b', image: 'z' }]);
  t.deepEqual(patched.spec.template.spec.hostAliases.map((a) => a.ip), ['10.0.0.1', '10.0.0.2']);
});

test('a strategic-merge patch follows the schemas: merge keys, $patch delete and replace, primitive deletions', (t) => {
  const root = 'io.k8s.api.apps.v1.Deployment';
  const current = {
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a'] },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'log', image: 'busybox' }] } },
      selector: { matchLabels: { app: 'web' } },
    },
  };
  const patched = strategicMergePatch(APPS_V1_SCHEMAS, root, current, {
    metadata: { labels: { tier: null }, finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
    spec: {
      selector: { matchLabels: { app: 'web', track: 'stable' } },
      template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', $patch: 'delete' }, { name: 'C', value: '3' }] }, { name: 'log', $patch: 'delete' }] } },
    },
  }) as typeof current;
  t.deepEqual(patched.metadata, { name: 'web', labels: { app: 'web' }, finalizers: ['b'] });
  t.deepEqual(patched.spec.template.spec.containers, [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'C', value: '3' }] }]);
  t.deepEqual(patched.spec.selector, { matchLabels: { app: 'web', track: 'stable' } });
  const replaced = strategicMergePatch(APPS_V1_SCHEMAS, root, current, {
    spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } },
  }) as typeof current;
  t.deepEqual(replaced.spec.template.spec.containers, [{ name: 'only', image: 'x' }]);
});
