import test from 'ava';
import { podTable } from '../../adapters/http/k8s/objects/pod-table.js';
import type { K8sContainerStatus, K8sDeployment, K8sNamespace, K8sPod, K8sReplicaSet } from '../../adapters/http/k8s/objects/workload-types.js';
import { deploymentTable, formatLabelSelector, namespaceTable, replicaSetTable } from '../../adapters/http/k8s/objects/workload-tables.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const CREATED = '2026-11-27T11:55:00Z';
const running = (ready = true, restartCount = 0): K8sContainerStatus =>
  ({ name: 'c', image: 'i', ready, restartCount, state: { running: { startedAt: CREATED } } });
const waiting = (reason: string, restartCount = 0): K8sContainerStatus => ({ name: 'c', image: 'i', ready: false, restartCount, state: { waiting: { reason } } });
const terminated = (exitCode: number, reason?: string): K8sContainerStatus =>
  ({ name: 'c', image: 'i', ready: false, restartCount: 0, state: { terminated: { exitCode, ...(reason ? { reason } : {}) } } });

function pod(change: { phase?: string; statuses?: K8sContainerStatus[]; containers?: number; deleting?: boolean; reason?: string; ready?: boolean; node?: string; ip?: string } = {}): K8sPod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'u', resourceVersion: '5', creationTimestamp: CREATED, ...(change.deleting ? { deletionTimestamp: CREATED } : {}) },
    spec: { containers: Array.from({ length: change.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: 'i', resources: {} })), restartPolicy: 'Always', terminationGracePeriodSeconds: 30, ...(change.node ? { nodeName: change.node } : {}) },
    status: {
      phase: change.phase ?? 'Pending',
      conditions: change.ready ? [{ type: 'Ready', status: 'True' }] : [],
      ...(change.statuses ? { containerStatuses: change.statuses } : {}),
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.ip ? { podIP: change.ip } : {}),
    },
  };
}

const cells = (p: K8sPod) => podTable([p], NOW, '1').rows[0].cells;
const status = (p: K8sPod) => cells(p)[2];

test('pod columns are kubectl\'s, the wide ones at priority 1', (t) => {
  const table = podTable([], NOW, '42');
  t.deepEqual(table.columnDefinitions.map((c) => `${c.name}:${c.priority ?? 0}`),
    ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
  t.like(table, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '42' }, rows: [] });
});

test('a running pod: READY, STATUS, RESTARTS, AGE, IP and NODE; the row carries the metadata', (t) => {
  const table = podTable([pod({ phase: 'Running', statuses: [running(true, 2)], ready: true, node: 'w1', ip: '10.244.0.5' })], NOW, '1');
  t.deepEqual(table.rows[0].cells, ['web-1', '1/1', 'Running', '2', '5m', '10.244.0.5', 'w1', '<none>', '<none>']);
  t.like(table.rows[0].object, { kind: 'PartialObjectMetadata', metadata: { name: 'web-1', namespace: 'default' } });
});

test('STATUS as kubectl computes it', (t) => {
  t.is(status(pod()), 'Pending');
  t.deepEqual(cells(pod()).slice(5, 7), ['<none>', '<none>']);
  t.is(status(pod({ statuses: [waiting('ContainerCreating')] })), 'ContainerCreating');
  t.is(status(pod({ phase: 'Running', statuses: [waiting('CrashLoopBackOff', 4)] })), 'CrashLoopBackOff');
  t.is(cells(pod({ phase: 'Running', statuses: [waiting('CrashLoopBackOff', 4)] }))[3], '4');
  t.is(status(pod({ phase: 'Succeeded', statuses: [terminated(0, 'Completed')] })), 'Completed');
  t.is(status(pod({ phase: 'Failed', statuses: [terminated(1, 'Error')] })), 'Error');
  t.is(status(pod({ phase: 'Failed', statuses: [terminated(137)] })), 'ExitCode:137');
  t.is(status(pod({ phase: 'Running', statuses: [running()], deleting: true })), 'Terminating');
  t.is(status(pod({ phase: 'Succeeded', statuses: [terminated(0, 'Completed')], deleting: true })), 'Completed', 'a finished pod is not Terminating');
  t.is(status(pod({ phase: 'Running', statuses: [running()], deleting: true, reason: 'NodeLost' })), 'Unknown');
  t.is(status(pod({ phase: 'Failed', reason: 'Evicted' })), 'Evicted');
});

test('one container done, another still running: Running when the pod is ready, NotReady when not', (t) => {
  const statuses = [terminated(0, 'Completed'), running()];
  t.is(status(pod({ phase: 'Running', containers: 2, statuses, ready: true })), 'Running');
  t.is(status(pod({ phase: 'Running', containers: 2, statuses })), 'NotReady');
  t.is(cells(pod({ phase: 'Running', containers: 2, statuses: [running(false), running(true)] }))[1], '1/2');
});

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: {} }, { name: 'log', image: 'busybox', resources: {} }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 } };
const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] };
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2026-11-25T12:00:00Z' };

test('deployment rows: READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', (t) => {
  const d = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta,
    spec: { replicas: 3, selector, template, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10 },
    status: { observedGeneration: 1, replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 2, conditions: [] },
  } as K8sDeployment;
  const table = deploymentTable([d], NOW, '1');
  t.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  t.deepEqual(table.rows[0].cells, ['web', '1/3', 2, 1, '2d', 'web,log', 'nginx,busybox', 'app=web,!canary,env notin (dev,prod)']);
});

test('replicaset rows: DESIRED CURRENT READY AGE; namespace rows: STATUS AGE', (t) => {
  const rs: K8sReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { ...meta, name: 'web-abc' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    status: { replicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
  };
  t.deepEqual(replicaSetTable([rs], NOW, '1').rows[0].cells, ['web-abc', 3, 2, 1, '2d', 'web,log', 'nginx,busybox', 'app=web']);
  const ns: K8sNamespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', creationTimestamp: '2026-11-27T11:59:15Z' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } };
  const table = namespaceTable([ns], NOW, '8');
  t.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Age']);
  t.deepEqual(table.rows[0].cells, ['shop', 'Terminating', '45s']);
});

test('selectors print as kubectl prints them: terms sorted by key, values sorted', (t) => {
  t.is(formatLabelSelector({}), '<none>');
  t.is(formatLabelSelector({ matchExpressions: [{ key: 'b', operator: 'In', values: ['y', 'x'] }, { key: 'a', operator: 'Exists' }] }), 'a,b in (x,y)');
});

test('STATUS while init containers run, as kubectl computes it: Init:N/M, Init:Error, Init:CrashLoopBackOff; their restarts count until initialized', (t) => {
  const withInit = (inits: K8sContainerStatus[], initialized = false, statuses = [waiting('PodInitializing')]): K8sPod => {
    const base = pod({ statuses });
    return {
      ...base,
      spec: { ...base.spec, initContainers: [{ name: 'a', image: 'i', resources: {} }, { name: 'b', image: 'i', resources: {} }] },
      status: { ...base.status, initContainerStatuses: inits, conditions: [{ type: 'Initialized', status: initialized ? 'True' : 'False' }] },
    };
  };
  t.is(status(withInit([waiting('PodInitializing'), waiting('PodInitializing')])), 'Init:0/2');
  t.is(status(withInit([terminated(0, 'Completed'), running()])), 'Init:1/2');
  t.is(status(withInit([terminated(0, 'Completed'), terminated(3, 'Error')])), 'Init:Error');
  t.is(status(withInit([terminated(0, 'Completed'), terminated(3)])), 'Init:ExitCode:3');
  t.deepEqual(cells(withInit([terminated(0, 'Completed'), waiting('CrashLoopBackOff', 3)])).slice(1, 4), ['0/1', 'Init:CrashLoopBackOff', '3']);
  const done = withInit([terminated(0, 'Completed'), terminated(0, 'Completed')], true, [running()]);
  t.deepEqual(cells({ ...done, status: { ...done.status, phase: 'Running' } }).slice(1, 4), ['1/1', 'Running', '0']);
});
