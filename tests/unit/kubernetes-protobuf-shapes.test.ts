import test from 'ava';
import { messageOfKind, UNKNOWN } from '../../adapters/http/k8s/protobuf/kubernetes-types.js';
import { decodeKubernetesProtobuf } from '../../adapters/http/k8s/protobuf/protobuf-body.js';

/**
 * How the protobuf of the rich pod-spec fields turns into Kubernetes JSON: embedded structs inlined, pointer
 * zeros kept and non-pointer zeros dropped (gogo-protobuf writes both), IntOrString, Quantity, Time, bytes.
 * The bodies are written here with the same message types, in the shape gogo-protobuf gives them.
 */

const intOrString = (value: number | string) => (typeof value === 'number' ? { type: 0, intVal: value } : { type: 1, strVal: value });
const quantity = (value: string) => ({ string: value });

function body(apiVersion: string, kind: string, message: object): Buffer {
  const type = messageOfKind(apiVersion, kind)!;
  const raw = type.encode(type.fromObject(message)).finish();
  return Buffer.concat([Buffer.from('k8s\0'), UNKNOWN.encode({ typeMeta: { apiVersion, kind }, raw }).finish()]);
}

const container = {
  name: 'app', image: 'app:1', command: ['sh', '-c'], args: ['echo $(GREETING)'], workingDir: '/srv',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP', hostPort: 0, hostIP: '' }],
  envFrom: [{ prefix: 'CFG_', configMapRef: { localObjectReference: { name: 'settings' }, optional: false } }],
  env: [
    { name: 'GREETING', value: 'hi' },
    { name: 'PASSWORD', value: '', valueFrom: { secretKeyRef: { localObjectReference: { name: 'creds' }, key: 'pass' } } },
    { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: quantity('1m') } } },
    { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
  ],
  resources: { limits: { cpu: quantity('500m') }, requests: { cpu: quantity('100m'), memory: quantity('64Mi') } },
  volumeMounts: [{ name: 'cache', mountPath: '/cache', readOnly: false, subPath: '' }],
  livenessProbe: { handler: { httpGet: { path: '/healthz', port: intOrString('http'), scheme: 'HTTP' } }, periodSeconds: 5, failureThreshold: 0 },
  readinessProbe: { handler: { tcpSocket: { port: intOrString(8080) } } },
  lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['touch', '/ready'] } } },
  securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  terminationMessagePath: '', imagePullPolicy: 'IfNotPresent', stdin: false, tty: false,
};

const podSpec = {
  initContainers: [{ name: 'init', image: 'busybox', command: ['true'], restartPolicy: 'Always' }],
  containers: [container],
  volumes: [
    { name: 'cache', volumeSource: { emptyDir: {} } },
    { name: 'settings', volumeSource: { configMap: { localObjectReference: { name: 'settings' }, defaultMode: 420, items: [{ key: 'a', path: 'a.txt' }] } } },
    { name: 'data', volumeSource: { persistentVolumeClaim: { claimName: 'data', readOnly: false } } },
  ],
  restartPolicy: 'Always', terminationGracePeriodSeconds: 0, activeDeadlineSeconds: 600, dnsPolicy: 'ClusterFirst',
  nodeSelector: { disk: 'ssd' }, serviceAccountName: '', automountServiceAccountToken: false, hostNetwork: false,
  securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, supplementalGroups: [3000] },
  imagePullSecrets: [{ name: 'regcred' }],
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, topologyKey: 'zone' } }],
    },
  },
  tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
  hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.local'] }],
  priorityClassName: 'system-node-critical', priority: 0,
  dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  enableServiceLinks: false,
};

test('a Deployment with every commonly used pod field reads as the JSON Kubernetes writes', (t) => {
  const deployment = decodeKubernetesProtobuf(body('apps/v1', 'Deployment', {
    metadata: { name: 'web', namespace: '', labels: { app: 'web' }, creationTimestamp: { seconds: 0, nanos: 0 }, generation: 0 },
    spec: {
      replicas: 0, minReadySeconds: 10, revisionHistoryLimit: 3, paused: false, progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString('25%'), maxUnavailable: intOrString(0) } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
    },
    status: {},
  }));
  t.deepEqual(deployment, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 0, minReadySeconds: 10, revisionHistoryLimit: 3, progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          initContainers: [{ name: 'init', image: 'busybox', command: ['true'], restartPolicy: 'Always' }],
          containers: [{
            name: 'app', image: 'app:1', command: ['sh', '-c'], args: ['echo $(GREETING)'], workingDir: '/srv',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings', optional: false } }],
            env: [
              { name: 'GREETING', value: 'hi' },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'pass' } } },
              { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
              { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
            ],
            resources: { limits: { cpu: '500m' }, requests: { cpu: '100m', memory: '64Mi' } },
            volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 5 },
            readinessProbe: { tcpSocket: { port: 8080 } },
            lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['touch', '/ready'] } } },
            securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            imagePullPolicy: 'IfNotPresent',
          }],
          volumes: [
            { name: 'cache', emptyDir: {} },
            { name: 'settings', configMap: { name: 'settings', defaultMode: 420, items: [{ key: 'a', path: 'a.txt' }] } },
            { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          ],
          restartPolicy: 'Always', terminationGracePeriodSeconds: 0, activeDeadlineSeconds: 600, dnsPolicy: 'ClusterFirst',
          nodeSelector: { disk: 'ssd' }, automountServiceAccountToken: false,
          securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, supplementalGroups: [3000] },
          imagePullSecrets: [{ name: 'regcred' }],
          affinity: podSpec.affinity,
          tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
          hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.local'] }],
          priorityClassName: 'system-node-critical', priority: 0,
          dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
          enableServiceLinks: false,
        },
      },
    },
  });
});

test('Time and MicroTime as RFC 3339, owner references, managed fields and a Lease', (t) => {
  const pod = decodeKubernetesProtobuf(body('v1', 'Pod', {
    metadata: {
      name: 'p', creationTimestamp: { seconds: 1767225600 },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:metadata":{}}') } }],
    },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: { startTime: { seconds: 1767225601 }, containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
  })) as Record<string, Record<string, unknown>>;
  t.deepEqual(pod.metadata, {
    name: 'p', creationTimestamp: '2026-01-01T00:00:00Z',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
    managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
  });
  t.deepEqual(pod.status, { startTime: '2026-01-01T00:00:01Z', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  const lease = decodeKubernetesProtobuf(body('coordination.k8s.io/v1', 'Lease', {
    metadata: { name: 'n', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'n', leaseDurationSeconds: 40, renewTime: { seconds: 1767225600, nanos: 123456789 } },
  }));
  t.deepEqual(lease, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'n', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.123456Z' } });
});

test('a TokenRequest\'s bound object reference takes its JSON names; an Eviction its delete options', (t) => {
  t.like(decodeKubernetesProtobuf(body('authentication.k8s.io/v1', 'TokenRequest', {
    spec: { audiences: ['api'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', aPIVersion: 'v1', name: 'p', uID: 'u-2' } },
  })), { spec: { audiences: ['api'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-2' } } });
  t.deepEqual(decodeKubernetesProtobuf(body('policy/v1', 'Eviction', { metadata: { name: 'p', namespace: 'shop' }, deleteOptions: { gracePeriodSeconds: 0 } })), {
    apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'shop' }, deleteOptions: { gracePeriodSeconds: 0 },
  });
});
