import test from 'ava';
import { parsePodManifest, type ParsedManifest } from '../../application/manifests/parse-manifest.js';
import type { FieldCause } from '../../domain/shared/errors.js';

const OPTIONS = { namespace: 'default', uid: 'uid-1' };

const manifest = (spec: object = {}, metadata: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, ...metadata },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

function causesOf<T>(result: ParsedManifest<T>): FieldCause[] {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`);
  return result.causes;
}

function dataOf<T>(result: ParsedManifest<T>): T {
  if (!result.ok) throw new Error(`expected a pod, got ${JSON.stringify(result)}`);
  return result.data;
}

const container = (fields: object) => manifest({ containers: [{ name: 'web', image: 'nginx', ...fields }] });
const causeOf = (body: unknown) => causesOf(parsePodManifest(body, OPTIONS)).map((c) => `${c.field}: ${c.message}`);

test('a minimal pod gets Kubernetes\' defaults, the caller\'s uid and the request\'s namespace', (t) => {
  const { meta, spec } = dataOf(parsePodManifest(manifest(), OPTIONS));
  t.deepEqual(meta, { name: 'web', namespace: 'default', uid: 'uid-1', labels: { app: 'web' }, annotations: {}, ownerReferences: [] });
  t.deepEqual(spec, {
    containers: [{ name: 'web', image: 'nginx:1.27', env: [], ports: [], resources: { requests: { cpuMillis: 0, memoryBytes: 0 } }, volumeMounts: [] }],
    volumes: [],
    nodeSelector: {},
    tolerations: [],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
  });
});

test('metadata.namespace in the manifest wins over the request\'s', (t) => {
  t.is(dataOf(parsePodManifest(manifest({}, { namespace: 'shop' }), OPTIONS)).meta.namespace, 'shop');
});

test('quantities are converted from strings and numbers; a missing request takes its limit', (t) => {
  const resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } };
  t.deepEqual(dataOf(parsePodManifest(container({ resources }), OPTIONS)).spec.containers[0].resources, {
    requests: { cpuMillis: 250, memoryBytes: 64 * 2 ** 20 },
    limits: { cpuMillis: 1000, memoryBytes: 128 * 2 ** 20 },
  });
  const limitsOnly = { limits: { cpu: '0.5', memory: '1G' } };
  t.deepEqual(dataOf(parsePodManifest(container({ resources: limitsOnly }), OPTIONS)).spec.containers[0].resources.requests,
    { cpuMillis: 500, memoryBytes: 1e9 });
  t.is(dataOf(parsePodManifest(container({ resources: { requests: { memory: '1500m' } } }), OPTIONS)).spec.containers[0].resources.requests.memoryBytes, 2);
});

test('probes get their handler and Kubernetes\' timing defaults', (t) => {
  const c = dataOf(parsePodManifest(container({
    readinessProbe: { httpGet: { port: 8080 } },
    livenessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
    startupProbe: { tcpSocket: { port: 'http' }, failureThreshold: 30 },
  }), OPTIONS)).spec.containers[0];
  const timing = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
  t.deepEqual(c.readinessProbe, { handler: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' } }, ...timing });
  t.deepEqual(c.livenessProbe, { handler: { exec: { command: ['true'] } }, ...timing, periodSeconds: 5 });
  t.deepEqual(c.startupProbe, { handler: { tcpSocket: { port: 'http' } }, ...timing, failureThreshold: 30 });
});

test('env, ports, volumes, node selection and tolerations come through', (t) => {
  const { spec } = dataOf(parsePodManifest(manifest({
    containers: [{
      name: 'web', image: 'nginx',
      env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'b' } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 's', key: 'c', optional: true } } }, { name: 'D', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      ports: [{ containerPort: 80 }, { name: 'dns', containerPort: 53, hostPort: 5353, protocol: 'UDP' }],
      volumeMounts: [{ name: 'conf', mountPath: '/etc/conf', readOnly: true }],
    }],
    volumes: [{ name: 'conf', configMap: { name: 'cm' } }, { name: 'tmp', emptyDir: {} }, { name: 'key', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/var' } }],
    nodeSelector: { disk: 'ssd' },
    affinity: { nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } }],
    } },
    tolerations: [{ key: 'k', value: 'v', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'u', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
    restartPolicy: 'Never', terminationGracePeriodSeconds: 5, nodeName: 'w1',
  }), OPTIONS));
  const c = spec.containers[0];
  t.deepEqual(c.env.map((e) => e.name), ['A', 'B', 'C', 'D']);
  t.deepEqual(c.env[2], { name: 'C', valueFrom: { secretKeyRef: { name: 's', key: 'c', optional: true } } });
  t.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }, { name: 'dns', containerPort: 53, hostPort: 5353, protocol: 'UDP' }]);
  t.deepEqual(spec.volumes[1], { name: 'tmp', emptyDir: {} });
  t.deepEqual(spec.affinity, { nodeAffinity: {
    required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
    preferred: [{ weight: 10, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } }],
  } });
  t.deepEqual(spec.tolerations, [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, { operator: 'Exists' },
    { key: 'u', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
  t.like(spec, { restartPolicy: 'Never', terminationGracePeriodSeconds: 5, nodeName: 'w1', nodeSelector: { disk: 'ssd' } });
});

test('an invalid quantity is named with Kubernetes\' wording', (t) => {
  t.deepEqual(causeOf(container({ resources: { requests: { cpu: 'lots' } } })), [
    "spec.containers[0].resources.requests.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ]);
  t.regex(causeOf(container({ resources: { limits: { memory: '1Q' } } }))[0], /^spec\.containers\[0\]\.resources\.limits\.memory: quantities must match/);
  t.deepEqual(causeOf(container({ resources: { requests: { 'nvidia.com/gpu': 1 } } })),
    ['spec.containers[0].resources.requests[nvidia.com/gpu]: Unsupported value: "nvidia.com/gpu": supported values: "cpu", "memory"']);
  t.deepEqual(causeOf(container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
});

test('a quantity that is negative or too large is refused saying so, not that it fails a pattern it matches', (t) => {
  const requests = (cpu: string, memory = '1Mi') => causeOf(container({ resources: { requests: { cpu, memory } } }));
  t.deepEqual(requests('-1'), ['spec.containers[0].resources.requests.cpu: Invalid value: "-1": must be greater than or equal to 0']);
  t.deepEqual(requests('1', '-64Mi'), ['spec.containers[0].resources.requests.memory: Invalid value: "-64Mi": must be greater than or equal to 0']);
  t.deepEqual(requests('1e400'), ['spec.containers[0].resources.requests.cpu: Invalid value: "1e400": out of range: must be at most 9007199254740991m']);
  t.deepEqual(requests('1', '1e400'), ['spec.containers[0].resources.requests.memory: Invalid value: "1e400": out of range: must be at most 9007199254740991']);
  t.regex(requests('1.2.3')[0], /cpu: Invalid value: "1\.2\.3": not a quantity: a number such as 1\.5, then one suffix/);
});

test('quantities are read as Kubernetes writes them: exponents, signs, leading and trailing points, exactly', (t) => {
  const resources = (cpu: string, memory: string) => parsePodManifest(manifest({ containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu, memory } } }] }), OPTIONS);
  const requested = (cpu: string, memory: string) => {
    const parsed = resources(cpu, memory);
    return parsed.ok ? parsed.data.spec.containers[0].resources.requests : parsed.causes;
  };
  t.deepEqual(requested('1.1', '1e3'), { cpuMillis: 1100, memoryBytes: 1000 });
  t.deepEqual(requested('+.5', '1.5Gi'), { cpuMillis: 500, memoryBytes: 1610612736 });
  t.deepEqual(requested('2.', '100m'), { cpuMillis: 2000, memoryBytes: 1 });
  t.deepEqual(requested('-0', '0e400'), { cpuMillis: 0, memoryBytes: 0 });
});

test('each bad field of a pod is named, all in one answer', (t) => {
  const causes = causeOf(manifest({
    containers: [
      { name: 'web', image: 'nginx', ports: [{ containerPort: 70000, protocol: 'SCTP' }] },
      { name: 'web', image: '', livenessProbe: { periodSeconds: 0 } },
    ],
    restartPolicy: 'Sometimes',
  }));
  t.true(causes.includes('spec.containers[0].ports[0].protocol: Unsupported value: "SCTP": supported values: "TCP", "UDP"'));
  t.true(causes.includes('spec.containers[1].livenessProbe.periodSeconds: Invalid value: 0: must be greater than or equal to 1'));
  t.true(causes.includes('spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'));
});

test('domain checks come back with the conversion\'s, named by field', (t) => {
  const causes = causeOf(manifest({
    containers: [
      { name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }], livenessProbe: { successThreshold: 2, httpGet: { port: 80 }, exec: { command: ['x'] } } },
      { name: 'web', image: '', readinessProbe: {} },
    ],
  }, { name: 'Bad_Name' }));
  t.true(causes.some((c) => c.startsWith('metadata.name: ')));
  t.true(causes.includes('spec.containers[0].ports[0].containerPort: must be between 1 and 65535, inclusive (got 70000)'));
  t.true(causes.includes('spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'));
  t.true(causes.includes('spec.containers[0].livenessProbe: Forbidden: may not specify more than 1 handler type'));
  t.true(causes.includes('spec.containers[1].readinessProbe: Required value: must specify a handler type'));
  t.true(causes.includes('spec.containers[1].name: duplicate container name "web"'));
  t.true(causes.includes('spec.containers[1].image: image is required'));
});

test('a pod without a name, containers or a kind of its own is refused', (t) => {
  t.deepEqual(causeOf({ spec: { containers: [{ name: 'a', image: 'b' }] } }), ['metadata.name: Required value: name or generateName is required']);
  t.deepEqual(causeOf({ metadata: { name: 'x' } }), ['spec.containers: at least one container is required']);
  t.deepEqual(causeOf({ ...manifest(), kind: 'Deployment', apiVersion: 'apps/v1' }),
    ['kind: Unsupported value: "Deployment": supported values: "Pod"', 'apiVersion: Unsupported value: "apps/v1": supported values: "v1"']);
  t.deepEqual(causeOf(['not', 'a', 'pod']), [': Invalid value: the body must be a Pod object']);
});

test('env, volume, toleration and affinity rules name their fields', (t) => {
  const causes = causeOf(manifest({
    containers: [{
      name: 'web', image: 'nginx',
      env: [{ name: '1X', value: 'a' }, { name: 'B', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'C', valueFrom: {} }],
      volumeMounts: [{ name: 'missing', mountPath: '/m' }],
    }],
    volumes: [{ name: 'v' }, { name: 'v', emptyDir: {}, hostPath: { path: '/x' } }],
    tolerations: [{ value: 'x' }, { key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }, { key: 'k', operator: 'Exists', value: 'v' }],
    affinity: { nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'In' }, { key: 'g', operator: 'Exists', values: ['a'] }] }] },
    } },
  }));
  const terms = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
  t.deepEqual(causes.map((c) => c.slice(0, c.indexOf(': '))).sort(), [
    `${terms}[0].matchExpressions[0].values`,
    `${terms}[0].matchExpressions[1].values`,
    'spec.containers[0].env[0].name',
    'spec.containers[0].env[1].valueFrom',
    'spec.containers[0].env[2].valueFrom',
    'spec.containers[0].volumeMounts[0].name',
    'spec.tolerations[0].operator',
    'spec.tolerations[1].effect',
    'spec.tolerations[2].operator',
    'spec.volumes[0]',
    'spec.volumes[1]',
    'spec.volumes[1].name',
  ]);
  t.true(causes.includes('spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'));
  t.true(causes.includes('spec.containers[0].volumeMounts[0].name: Not found: "missing"'));
});

test('a badly shaped field is named before anything is converted', (t) => {
  t.deepEqual(causeOf(manifest({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: {} }] } } })),
    ['spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100']);
  t.deepEqual(causeOf(container({ image: 7 })), ['spec.containers[0].image: Required value: must be a string']);
  t.deepEqual(causeOf(manifest({ terminationGracePeriodSeconds: 'soon' })), ['spec.terminationGracePeriodSeconds: Invalid value: soon: must be an integer']);
});
