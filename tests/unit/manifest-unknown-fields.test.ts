import test from 'ava';
import { DEPLOYMENT_FIELDS, POD_FIELDS } from '../../application/manifests/manifest-fields.js';
import { parseDeploymentManifest, parsePodManifest, strictDecodingMessage } from '../../application/manifests/parse-manifest.js';
import { knownFields, unknownFields } from '../../application/manifests/unknown-fields.js';

const deployment = (spec: object, template: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] }, ...template },
    ...spec,
  },
});

test('the walker reports unknown keys at any depth, inside list items, and stops at leaves', (t) => {
  const known = knownFields(['a.b', 'a.list[].{x,y}', 'a.map', 'c']);
  const body = { a: { b: { free: 1 }, list: [{ x: 1 }, { y: 2, z: 3 }], map: { anything: { goes: true } }, nope: 1 }, c: [1, 2], d: null };
  t.deepEqual(unknownFields(body, known), ['a.list[1].z', 'a.nope', 'd']);
  t.deepEqual(unknownFields('not an object', known), []);
});

test('a misspelt top-level spec field and a bogus container field of a Deployment are both found', (t) => {
  const body = deployment({ replicass: 3 }, { spec: { containers: [{ name: 'web', image: 'nginx', bogus: true }] } });
  t.deepEqual(unknownFields(body, DEPLOYMENT_FIELDS), ['spec.template.spec.containers[0].bogus', 'spec.replicass'], 'in the order they are written');
  const result = parseDeploymentManifest(body, { namespace: 'default', uid: 'u' });
  t.false(result.ok);
  t.is(
    strictDecodingMessage('Deployment', [...result.unknownFields].reverse()),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].bogus"',
  );
});

test('deep fields: probes, env sources, affinity terms and selector expressions', (t) => {
  const pod = {
    metadata: { name: 'p', labelz: {} },
    spec: {
      containers: [{
        name: 'c', image: 'i',
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k', extra: 1 } } }],
        livenessProbe: { httpGet: { port: 80, httpHeaderz: [] }, periodSecond: 3 },
        resources: { requests: { cpu: '1', whatever: '2' } },
      }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'Exists', valuez: [] }] }] } }, podAntiAffinity: {}, podAntiAffinitee: {} },
    },
  };
  t.deepEqual(unknownFields(pod, POD_FIELDS), [
    'metadata.labelz',
    'spec.containers[0].env[0].valueFrom.secretKeyRef.extra',
    'spec.containers[0].livenessProbe.httpGet.httpHeaderz',
    'spec.containers[0].livenessProbe.periodSecond',
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].valuez',
    'spec.affinity.podAntiAffinitee',
  ]);
  t.deepEqual(unknownFields(deployment({ selector: { matchExpressions: [{ key: 'a', operator: 'Exists', op: 1 }] } }), DEPLOYMENT_FIELDS),
    ['spec.selector.matchExpressions[0].op']);
});

test('what kubectl prints (get -o yaml, create --dry-run=client -o yaml) applies again', (t) => {
  const dryRun = deployment({ strategy: {} }, { metadata: { creationTimestamp: null, labels: { app: 'web' } } });
  const printed = {
    ...dryRun,
    metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '7', generation: 2, creationTimestamp: '2026-01-01T00:00:00Z', annotations: {} },
    spec: { ...dryRun.spec, progressDeadlineSeconds: 600, revisionHistoryLimit: 10 },
    status: { replicas: 1, conditions: [] },
  };
  printed.spec.template.spec = { ...printed.spec.template.spec, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} } as never;
  t.deepEqual(unknownFields(dryRun, DEPLOYMENT_FIELDS), []);
  t.deepEqual(unknownFields(printed, DEPLOYMENT_FIELDS), []);
  t.true(parseDeploymentManifest(printed, { namespace: 'default', uid: 'u2' }).ok);
});

test('fieldValidation: Strict refuses unknown fields, Warn accepts and lists them, Ignore drops them', (t) => {
  const body = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', bogus: 1 }] } };
  const options = { namespace: 'default', uid: 'u' };
  const strict = parsePodManifest(body, options);
  t.false(strict.ok);
  t.deepEqual(strict.ok ? [] : strict.causes, [], 'nothing else is wrong with it');
  const warn = parsePodManifest(body, { ...options, fieldValidation: 'Warn' });
  t.true(warn.ok);
  t.deepEqual(warn.unknownFields, ['spec.containers[0].bogus']);
  const ignore = parsePodManifest(body, { ...options, fieldValidation: 'Ignore' });
  t.true(ignore.ok);
  t.deepEqual(ignore.unknownFields, []);
});
