import test from 'ava';
import {
  parseDeploymentManifest, parseNamespaceManifest, parseReplicaSetManifest, type ParsedManifest,
} from '../../application/manifests/parse-manifest.js';

const OPTIONS = { namespace: 'default', uid: 'uid-1' };

const workload = (kind: string, spec: object = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } },
    ...spec,
  },
});

function dataOf<T>(result: ParsedManifest<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.data;
}

const causesOf = <T>(result: ParsedManifest<T>) => (result.ok ? [] : result.causes.map((c) => `${c.field}: ${c.message}`));

test('a ReplicaSet gets one replica by default, a domain selector and its template', (t) => {
  const data = dataOf(parseReplicaSetManifest(workload('ReplicaSet', {
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] },
  }), OPTIONS));
  t.is(data.replicas, 1);
  t.deepEqual(data.selector, [{ key: 'app', operator: 'In', values: ['web'] }, { key: 'tier', operator: 'In', values: ['front', 'edge'] }]);
  t.deepEqual(data.template.labels, { app: 'web', tier: 'front' });
  t.deepEqual(data.template.annotations, {});
  t.is(data.template.spec.containers[0].resources.requests.cpuMillis, 100);
  t.like(data.meta, { name: 'web', namespace: 'default', uid: 'uid-1' });
});

test('a Deployment keeps replicas, its strategy and revisionHistoryLimit; leaves the defaults to the decider', (t) => {
  const data = dataOf(parseDeploymentManifest(workload('Deployment', {
    replicas: 6, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '10%' } }, revisionHistoryLimit: 3,
  }), OPTIONS));
  t.like(data, { replicas: 6, revisionHistoryLimit: 3, strategy: { type: 'RollingUpdate', maxSurge: 2, maxUnavailable: '10%' } });
  const plain = dataOf(parseDeploymentManifest(workload('Deployment', { strategy: {} }), OPTIONS));
  t.is(plain.strategy, undefined);
  t.is(plain.revisionHistoryLimit, undefined);
  t.is(plain.replicas, 1);
  t.deepEqual(dataOf(parseDeploymentManifest(workload('Deployment', { strategy: { type: 'Recreate' } }), OPTIONS)).strategy, { type: 'Recreate' });
});

test('a Deployment\'s bad fields are each named, template ones under spec.template.spec', (t) => {
  const causes = causesOf(parseDeploymentManifest(workload('Deployment', {
    replicas: -1,
    selector: { matchLabels: { app: 'other' } },
    strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'Web', image: 'nginx', resources: { limits: { cpu: 'x' } } }], restartPolicy: 'Never' } },
  }), OPTIONS));
  t.deepEqual(causes.map((c) => c.slice(0, c.indexOf(': '))), [
    'spec.template.spec.containers[0].resources.limits.cpu',
    'spec.strategy.rollingUpdate',
    'spec.replicas',
    'spec.template.metadata.labels',
    'spec.template.spec.restartPolicy',
    'spec.template.spec.containers[0].name',
  ]);
  t.true(causes.includes('spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`'));
});

test('rolling update values and selectors are checked as Kubernetes checks them', (t) => {
  const causes = causesOf(parseDeploymentManifest(workload('Deployment', {
    strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] },
  }), OPTIONS));
  t.deepEqual(causes, [
    "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
  ]);
  t.deepEqual(causesOf(parseDeploymentManifest(workload('Deployment', { selector: {} }), OPTIONS)),
    ['spec.selector: Invalid value: empty selector is invalid for deployment']);
  t.deepEqual(causesOf(parseReplicaSetManifest(workload('ReplicaSet', { replicas: 'three' }), OPTIONS)),
    ['spec.replicas: Invalid value: three: must be an integer']);
  t.deepEqual(causesOf(parseReplicaSetManifest({ ...workload('ReplicaSet'), apiVersion: 'extensions/v1beta1' }, OPTIONS)),
    ['apiVersion: Unsupported value: "extensions/v1beta1": supported values: "apps/v1"']);
});

test('a namespace takes its name, labels and annotations', (t) => {
  const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' }, annotations: { note: 'x' } } };
  t.deepEqual(dataOf(parseNamespaceManifest(body, { uid: 'ns-uid' })), { meta: { name: 'shop', uid: 'ns-uid', labels: { team: 'a' }, annotations: { note: 'x' } } });
  t.deepEqual(causesOf(parseNamespaceManifest({ metadata: { name: 'shop', annotations: { note: 1 } } }, { uid: 'u' })), ['metadata.annotations[note]: Invalid value: 1: must be a string']);
  t.deepEqual(causesOf(parseNamespaceManifest({ metadata: { name: 'Shop.Front' } }, { uid: 'u' })),
    ['metadata.name: "Shop.Front" must be a lowercase RFC 1123 label of at most 63 characters']);
  t.deepEqual(causesOf(parseNamespaceManifest({ metadata: {} }, { uid: 'u' })), ['metadata.name: Required value: name or generateName is required']);
  t.deepEqual(parseNamespaceManifest({ metadata: { name: 'a' }, spec: { finalizerz: [] } }, { uid: 'u' }).unknownFields, ['spec.finalizerz']);
});
