import test from 'ava';
import { parseDeploymentManifest, parsePodManifest, strictDecodingMessage, type ParsedManifest } from '../../application/manifests/parse-manifest.js';
import { podSpecObject } from '../../adapters/http/k8s/objects/pod-spec-object.js';
import { unenactedFields, unenactedWarning } from '../../domain/pod/unenacted-fields.js';

const OPTIONS = { namespace: 'default', uid: 'uid-1' };

function dataOf<T>(result: ParsedManifest<T>): T {
  if (!result.ok) throw new Error(`expected it accepted, got ${JSON.stringify(result)}`);
  return result.data;
}

/** A PodSpec with a field of nearly every part of Kubernetes' schema kes does not model. */
const REAL_WORLD_SPEC = {
  initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], workingDir: '/tmp' }],
  containers: [{
    name: 'web',
    image: 'nginx:1.27',
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', 'sleep 1'],
    workingDir: '/srv',
    envFrom: [{ configMapRef: { name: 'settings', optional: true }, prefix: 'APP_' }, { secretRef: { name: 'creds' } }],
    env: [
      { name: 'A', value: 'a' },
      { name: 'LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
    ],
    ports: [{ containerPort: 8080, hostIP: '0.0.0.0' }],
    resources: { requests: { cpu: '100m' }, limits: { memory: '64Mi' } },
    securityContext: { runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    lifecycle: { postStart: { exec: { command: ['touch', '/tmp/up'] } }, preStop: { sleep: { seconds: 1 } } },
    readinessProbe: { httpGet: { path: '/', port: 8080, httpHeaders: [{ name: 'X', value: 'y' }] } },
    livenessProbe: { grpc: { port: 9000 } },
    volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  }],
  volumes: [
    { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.txt', mode: 0o400 }], defaultMode: 0o644 } },
    { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
  ],
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] },
  },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
  imagePullSecrets: [{ name: 'registry' }],
  priorityClassName: 'high',
  hostNetwork: true,
  hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
  dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
  dnsPolicy: 'None',
  activeDeadlineSeconds: 600,
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, fsGroup: 2000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
  serviceAccountName: 'web',
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
};

/** The leaves of `given` that `returned` lacks or has otherwise, as paths: [] when everything applied came back. */
function missing(given: unknown, returned: unknown, path = ''): string[] {
  if (Array.isArray(given)) {
    if (!Array.isArray(returned)) return [path];
    return given.flatMap((item, i) => missing(item, returned[i], `${path}[${i}]`));
  }
  if (given !== null && typeof given === 'object') {
    if (returned === null || typeof returned !== 'object') return [path];
    return Object.entries(given).flatMap(([key, value]) => missing(value, (returned as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return given === returned ? [] : [`${path}: ${JSON.stringify(returned)}`];
}

const pod = (spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec });

test('every field of a real-world PodSpec is accepted, stored and rendered back as given, plus Kubernetes\' defaults', (t) => {
  const { spec } = dataOf(parsePodManifest(pod(REAL_WORLD_SPEC), OPTIONS));
  const returned = JSON.parse(JSON.stringify(podSpecObject(spec))) as typeof REAL_WORLD_SPEC;
  t.deepEqual(missing(REAL_WORLD_SPEC, returned), []);
  t.deepEqual(returned.containers[0].readinessProbe, { ...REAL_WORLD_SPEC.containers[0].readinessProbe, httpGet: { ...REAL_WORLD_SPEC.containers[0].readinessProbe.httpGet, scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  t.deepEqual(Object.keys(returned).sort(), Object.keys(REAL_WORLD_SPEC).sort());
});

test('what kes has no typed view of is kept by position, typed fields are not stored twice', (t) => {
  const { spec } = dataOf(parsePodManifest(pod(REAL_WORLD_SPEC), OPTIONS));
  const containers = spec.unmodelled?.containers as Record<string, unknown>[];
  t.like(spec.containers[0], { workingDir: '/srv', securityContext: { runAsUser: 1000, runAsGroup: 1000 } });
  t.deepEqual(spec.containers[0].envFrom, [{ configMapRef: { name: 'settings', optional: true }, prefix: 'APP_' }, { secretRef: { name: 'creds' } }]);
  t.deepEqual(containers[0].securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  t.false('image' in containers[0]);
  t.false('workingDir' in containers[0]);
  t.false('nodeSelector' in (spec.unmodelled ?? {}));
  t.deepEqual((spec.unmodelled?.volumes as unknown[])[2], { emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
});

test('a field Kubernetes does not know is still refused with its exact path', (t) => {
  const result = parsePodManifest(pod({ containers: [{ name: 'web', image: 'nginx', securityContext: { runAsUser: 1, bogus: 1 } }], hostAliases: [{ ip: '1.2.3.4', nope: [] }] }), OPTIONS);
  t.false(result.ok);
  t.deepEqual(result.unknownFields, ['spec.containers[0].securityContext.bogus', 'spec.hostAliases[0].nope']);
  t.is(strictDecodingMessage('Pod', result.unknownFields), 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].securityContext.bogus", unknown field "spec.hostAliases[0].nope"');
});

test('a value of the wrong kind for its field is refused, naming the field', (t) => {
  const result = parsePodManifest(pod({ containers: [{ name: 'web', image: 'nginx', workingDir: 5 }], hostNetwork: 'yes', imagePullSecrets: 'registry' }), OPTIONS);
  t.false(result.ok);
  if (result.ok) return;
  t.deepEqual(result.causes.map((c) => `${c.field}: ${c.message}`).sort(), [
    'spec.containers[0].workingDir: Invalid value: 5: must be a string',
    'spec.hostNetwork: Invalid value: "yes": must be a boolean',
    'spec.imagePullSecrets: Invalid value: "registry": must be a list',
  ]);
});

test('a Deployment template keeps every PodSpec field, and minReadySeconds and progressDeadlineSeconds are accepted', (t) => {
  const body = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      minReadySeconds: 5,
      progressDeadlineSeconds: 120,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: REAL_WORLD_SPEC },
    },
  };
  const data = dataOf(parseDeploymentManifest(body, OPTIONS));
  t.deepEqual(missing(REAL_WORLD_SPEC, JSON.parse(JSON.stringify(podSpecObject(data.template.spec)))), []);
});

test('the fields kes keeps but does not enact are named once, as kubectl explain paths; inert ones are left out', (t) => {
  const { spec } = dataOf(parsePodManifest(pod(REAL_WORLD_SPEC), OPTIONS));
  const fields = unenactedFields(spec);
  for (const expected of [
    'spec.hostNetwork', 'spec.imagePullSecrets', 'spec.dnsConfig.nameservers', 'spec.containers[0].securityContext.capabilities',
    'spec.volumes[0].persistentVolumeClaim', 'spec.containers[0].livenessProbe.grpc',
  ]) t.true(fields.includes(expected), `${expected} in ${fields.join(', ')}`);
  for (const scheduled of ['spec.affinity.podAntiAffinity', 'spec.topologySpreadConstraints', 'spec.priorityClassName'])
    t.false(fields.includes(scheduled), `${scheduled} is enacted by the scheduler`);
  for (const inert of ['spec.dnsPolicy', 'spec.serviceAccountName', 'spec.containers[0].imagePullPolicy', 'spec.automountServiceAccountToken'])
    t.false(fields.includes(inert), inert);
  const enacted = ['spec.initContainers', 'spec.containers[0].lifecycle', 'spec.activeDeadlineSeconds', 'spec.hostAliases', 'spec.securityContext.runAsUser'];
  for (const field of enacted) t.false(fields.some((f) => f.startsWith(field)), `${field} is enacted: ${fields.join(', ')}`);
  t.is(new Set(fields).size, fields.length);
});

test('a pod of modelled fields only has no unenacted-fields Warning', (t) => {
  const { spec } = dataOf(parsePodManifest(pod({ containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Always' }], dnsPolicy: 'ClusterFirst' }), OPTIONS));
  t.is(unenactedWarning(spec), undefined);
});

test('init containers, hooks, activeDeadlineSeconds, hostAliases and the pod user have a typed view; Kubernetes refusals are kept', (t) => {
  const { spec } = dataOf(parsePodManifest(pod({
    initContainers: [{ name: 'setup', image: 'busybox', command: ['true'], envFrom: [{ configMapRef: { name: 'cfg' } }] }],
    containers: [{ name: 'web', image: 'nginx', lifecycle: { postStart: { exec: { command: ['touch', 'up'] } }, preStop: { httpGet: { path: '/stop', port: 80 } } } }],
    activeDeadlineSeconds: 60, hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }], securityContext: { runAsUser: 1000, fsGroup: 2000 },
  }), OPTIONS));
  t.like(spec, {
    initContainers: [{ name: 'setup', envFrom: [{ configMapRef: { name: 'cfg' } }] }],
    containers: [{ lifecycle: { postStart: { exec: { command: ['touch', 'up'] } }, preStop: { httpGet: { path: '/stop', port: 80, scheme: 'HTTP' } } } }],
    activeDeadlineSeconds: 60, hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }], securityContext: { runAsUser: 1000 },
  });
  t.deepEqual(unenactedFields(spec), ['spec.securityContext.fsGroup']);

  const refused = parsePodManifest(pod({
    initContainers: [{ name: 'web', image: 'busybox', lifecycle: { postStart: { exec: { command: ['true'] } } } }],
    containers: [{ name: 'web', image: 'nginx', lifecycle: { preStop: {} } }],
    activeDeadlineSeconds: 0,
  }), OPTIONS);
  t.false(refused.ok);
  if (refused.ok) return;
  t.deepEqual(refused.causes.map((c) => `${c.field}: ${c.message}`).sort(), [
    'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    'spec.containers[0].lifecycle.preStop: Required value: must specify a handler type',
    'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
    'spec.initContainers[0].name: duplicate container name "web"',
  ]);
});
