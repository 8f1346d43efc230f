import test from 'ava';
import { podObject } from '../../adapters/http/k8s/objects/pod-object.js';
import { deploymentObject, namespaceObject, replicaSetObject } from '../../adapters/http/k8s/objects/workload-objects.js';
import {
  parseDeploymentManifest, parseNamespaceManifest, parsePodManifest, parseReplicaSetManifest, type ParsedManifest,
} from '../../application/manifests/parse-manifest.js';
import type { DeploymentView, NamespaceView, PodView, ReplicaSetView } from '../../application/projections/workload-views.js';
import { decideDeployment, type CreateDeployment } from '../../domain/deployment/deployment.decide.js';
import { evolveDeployment, initialDeploymentState } from '../../domain/deployment/deployment.js';
import { decideNamespace, type CreateNamespace } from '../../domain/namespace/namespace.decide.js';
import { evolveNamespace, initialNamespaceState } from '../../domain/namespace/namespace.js';
import { decidePod, type CreatePod } from '../../domain/pod/pod.decide.js';
import { evolvePod, initialPodState } from '../../domain/pod/pod.js';
import { decideReplicaSet, type CreateReplicaSet } from '../../domain/replicaset/replicaset.decide.js';
import { evolveReplicaSet, initialReplicaSetState } from '../../domain/replicaset/replicaset.js';
import type { Event } from '../../domain/shared/event.js';

const AT = '2026-11-27T10:00:00.000Z';
const OPTIONS = { namespace: 'default', uid: 'uid-1' };
const commandMeta = { commandId: 'c-1', actor: 'kubernetes-admin', at: AT };
const eventMeta = { ...commandMeta, correlationId: 'c-1', causationId: 'c-1', schemaVersion: 1 };

/** Folds what a decider decided, as the read models do once the events are stored. */
function fold<S, E extends Event>(decided: readonly Omit<E, 'metadata'>[], evolve: (state: S, event: E) => S, initial: S): S {
  return decided.reduce((state, event) => evolve(state, { ...event, metadata: eventMeta } as E), initial);
}

function dataOf<T>(result: ParsedManifest<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data;
}

/** manifest → command data → decider → event → view, the way the API server and the read models go. */
function podView(data: CreatePod['data']): PodView {
  const state = fold(decidePod({ type: 'CreatePod', data, metadata: commandMeta }, initialPodState()), evolvePod, initialPodState());
  if (!('pod' in state)) throw new Error('no pod');
  return { ...state.pod, status: state.status, resourceVersion: 17 };
}

const POD = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  spec: {
    containers: [{
      name: 'web', image: 'nginx:1.27', command: ['nginx'], args: ['-g', 'daemon off;'],
      env: [{ name: 'MODE', value: 'prod' }, { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx', readOnly: true }],
      readinessProbe: { httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' }, initialDelaySeconds: 2, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    }],
    volumes: [{ name: 'conf', configMap: { name: 'nginx' } }],
    nodeSelector: { disk: 'ssd' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] }] } } },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
  },
};

test('a pod round-trips: manifest → command → view → object keeps every field, quantities formatted back', (t) => {
  const data = dataOf(parsePodManifest(POD, OPTIONS));
  const object = podObject(podView(data));
  t.deepEqual(object.spec, POD.spec);
  t.deepEqual(object.metadata, { ...POD.metadata, uid: 'uid-1', resourceVersion: '17', creationTimestamp: AT });
  t.deepEqual(object.status, { phase: 'Pending', conditions: [] });
  t.deepEqual(dataOf(parsePodManifest(object, OPTIONS)), data, 'and the object applies again to the same command');
});

test('a bound, running pod shows its node, IPs, conditions and container statuses', (t) => {
  const created = podView(dataOf(parsePodManifest(POD, OPTIONS)));
  const view: PodView = {
    ...created,
    status: 'bound', nodeName: 'w1', phase: 'Running', podIP: '10.244.1.5',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{
      name: 'web', ready: true, restartCount: 1, state: { running: { startedAt: AT } },
      lastState: { terminated: { exitCode: 137, reason: 'Error', signal: 9, startedAt: AT, finishedAt: AT } },
    }],
    meta: { ...created.meta, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true }] },
  };
  const object = podObject(view, { hostIP: '192.168.1.7' });
  t.is(object.spec.nodeName, 'w1');
  t.deepEqual(object.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true, blockOwnerDeletion: true }]);
  t.like(object.status, { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], hostIP: '192.168.1.7' });
  t.deepEqual(object.status.conditions, [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }]);
  t.deepEqual(object.status.containerStatuses, [{
    name: 'web', image: 'nginx:1.27', ready: true, restartCount: 1, started: true, state: { running: { startedAt: AT } },
    lastState: { terminated: { exitCode: 137, reason: 'Error', signal: 9, startedAt: AT, finishedAt: AT } },
  }]);
});

test('an unschedulable pod says why in its PodScheduled condition; a terminating one has its deletionTimestamp', (t) => {
  const view = podView(dataOf(parsePodManifest(POD, OPTIONS)));
  const message = '0/3 nodes are available: 3 Insufficient cpu.';
  t.deepEqual(podObject({ ...view, unschedulable: { reason: 'Unschedulable', message } }).status.conditions,
    [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }]);
  const terminating = podObject({ ...view, status: 'terminating', deletionTimestamp: AT, deletionGracePeriodSeconds: 30 });
  t.like(terminating.metadata, { deletionTimestamp: AT, deletionGracePeriodSeconds: 30 });
});

const WORKLOAD_SPEC = {
  replicas: 3,
  selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
  template: { metadata: { labels: { app: 'web', tier: 'a' } }, spec: POD.spec },
};

test('a ReplicaSet round-trips, with generation and status', (t) => {
  const body = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default' }, spec: WORKLOAD_SPEC };
  const data = dataOf(parseReplicaSetManifest(body, OPTIONS));
  const events = decideReplicaSet({ type: 'CreateReplicaSet', data, metadata: commandMeta } as CreateReplicaSet, initialReplicaSetState());
  const state = fold(events, evolveReplicaSet, initialReplicaSetState());
  if (state.status !== 'active') throw new Error('no replicaset');
  const view: ReplicaSetView = { ...state.replicaSet, status: { replicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 }, resourceVersion: 9 };
  const object = replicaSetObject(view);
  t.deepEqual(object.spec, body.spec);
  t.like(object.metadata, { name: 'web-abc', generation: 1, resourceVersion: '9' });
  t.deepEqual(object.status, { replicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  t.deepEqual(dataOf(parseReplicaSetManifest(object, OPTIONS)), data);
});

test('a Deployment round-trips with the strategy Kubernetes defaulted, and its revision annotation', (t) => {
  const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: WORKLOAD_SPEC };
  const data = dataOf(parseDeploymentManifest(body, OPTIONS));
  const events = decideDeployment({ type: 'CreateDeployment', data, metadata: commandMeta } as CreateDeployment, initialDeploymentState());
  const state = fold(events, evolveDeployment, initialDeploymentState());
  if (state.status !== 'active') throw new Error('no deployment');
  const view: DeploymentView = { ...state.deployment, resourceVersion: 4 };
  const object = deploymentObject(view);
  t.deepEqual(object.spec, { ...body.spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
  t.deepEqual(object.metadata.annotations, { 'deployment.kubernetes.io/revision': '1' });
  t.like(object.status, { observedGeneration: 0, replicas: 0, conditions: [] });
  const again = dataOf(parseDeploymentManifest(object, OPTIONS));
  t.deepEqual({ ...again, meta: { ...again.meta, annotations: {} } },
    { ...data, strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
});

test('a namespace round-trips with its name label, phase and deletionTimestamp', (t) => {
  const data = dataOf(parseNamespaceManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, { uid: 'ns-1' }));
  const events = decideNamespace({ type: 'CreateNamespace', data, metadata: commandMeta } as CreateNamespace, initialNamespaceState());
  const state = fold(events, evolveNamespace, initialNamespaceState());
  if (state.status !== 'active') throw new Error('no namespace');
  const view: NamespaceView = { meta: state.meta, phase: 'Active', resourceVersion: 3 };
  t.deepEqual(namespaceObject(view), {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: 'shop', uid: 'ns-1', resourceVersion: '3', creationTimestamp: AT, labels: { 'kubernetes.io/metadata.name': 'shop' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  const terminating = namespaceObject({ ...view, phase: 'Terminating', deletionTimestamp: AT });
  t.like(terminating, { metadata: { deletionTimestamp: AT }, status: { phase: 'Terminating' } });
});
