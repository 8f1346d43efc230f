import type { Obj } from './kesctl-fake-api.js';

/** Kubernetes objects as the kes API server serves them (adapters/http/k8s/objects), for the kesctl tests. */

const CREATED = '2024-05-01T11:50:00Z';
const WEB_LABELS = { app: 'web' };

const container = (image: string) => ({
  name: 'web',
  image,
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' } },
});

const template = (image: string, hash?: string) => ({
  metadata: { labels: hash ? { ...WEB_LABELS, 'pod-template-hash': hash } : { ...WEB_LABELS } },
  spec: { containers: [container(image)], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 },
});

export function namespace(name: string): Obj {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name, uid: `uid-ns-${name}`, resourceVersion: '2', creationTimestamp: '2024-05-01T11:00:00Z', labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function deployment(extra: { replicas?: number; status?: Record<string, unknown>; generation?: number } = {}): Obj {
  const replicas = extra.replicas ?? 3;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', uid: 'uid-web', resourceVersion: '30', generation: extra.generation ?? 1, creationTimestamp: CREATED,
      labels: { ...WEB_LABELS }, annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas, selector: { matchLabels: { ...WEB_LABELS } }, template: template('nginx:1.25'),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 0,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: CREATED, lastTransitionTime: CREATED },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-7d4b9" has successfully progressed.', lastUpdateTime: CREATED, lastTransitionTime: CREATED },
      ],
      ...extra.status,
    },
  };
}

export function replicaSet(hash: string, image: string, replicas: number, revision: string): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `uid-rs-${hash}`, resourceVersion: '29', generation: 1, creationTimestamp: CREATED,
      labels: { ...WEB_LABELS, 'pod-template-hash': hash }, annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, selector: { matchLabels: { ...WEB_LABELS, 'pod-template-hash': hash } }, template: template(image, hash) },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

type PodExtra = { namespace?: string; node?: string; owner?: { kind: string; name: string }; phase?: string; volumes?: unknown[]; unschedulable?: string };

export function pod(name: string, extra: PodExtra = {}): Obj {
  const running = (extra.phase ?? 'Running') === 'Running';
  const owner = extra.owner ?? { kind: 'ReplicaSet', name: 'web-7d4b9' };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: extra.namespace ?? 'default', uid: `uid-${name}`, resourceVersion: '35', creationTimestamp: '2024-05-01T11:55:00Z',
      labels: { ...WEB_LABELS, 'pod-template-hash': '7d4b9' },
      ...(owner.kind === 'none' ? {} : { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, uid: `uid-rs-${owner.name.replace('web-', '')}`, controller: true, blockOwnerDeletion: true }] }),
    },
    spec: {
      containers: [container('nginx:1.25')], restartPolicy: 'Always', terminationGracePeriodSeconds: 30,
      ...(extra.volumes ? { volumes: extra.volumes } : {}), ...(extra.node ? { nodeName: extra.node } : {}),
    },
    status: running
      ? {
          phase: 'Running',
          conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'web', image: 'nginx:1.25', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2024-05-01T11:55:02Z' } } }],
          podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], hostIP: '10.0.0.1', hostIPs: [{ ip: '10.0.0.1' }],
        }
      : {
          phase: extra.phase,
          conditions: extra.unschedulable ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: extra.unschedulable }] : [],
        },
  };
}

export function node(name: string): Obj {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '17', creationTimestamp: CREATED, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-kes' },
    },
  };
}

/** A small cluster: the web Deployment with its current and old ReplicaSets and pods, a pending pod, and a second namespace. */
export function workloads(): Obj[] {
  return [
    namespace('default'), namespace('prod'), node('node-1'),
    deployment(), replicaSet('7d4b9', 'nginx:1.25', 3, '2'), replicaSet('5c8f6', 'nginx:1.24', 0, '1'),
    pod('web-7d4b9-aaaaa', { node: 'node-1' }), pod('web-7d4b9-bbbbb', { node: 'node-1' }), pod('web-7d4b9-ccccc', { node: 'node-2' }),
    pod('big', { phase: 'Pending', owner: { kind: 'none', name: '' }, unschedulable: '0/2 nodes are available: 2 Insufficient cpu.' }),
    pod('api-1', { namespace: 'prod', node: 'node-2', owner: { kind: 'ReplicaSet', name: 'api-6f7' } }),
  ];
}
