import test from 'ava';
import { containerTrouble } from '../../application/queries/container-troubles.js';
import type { ContainerStatus, PodStatusReport } from '../../domain/pod/pod.js';

const report = (containerStatuses: ContainerStatus[], initContainerStatuses?: ContainerStatus[]): PodStatusReport => ({
  namespace: 'shop',
  name: 'web-1',
  nodeName: 'w1',
  phase: 'Pending',
  conditions: [],
  containerStatuses,
  ...(initContainerStatuses ? { initContainerStatuses } : {}),
});
const waiting = (name: string, reason: string, message?: string): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
});
const running: ContainerStatus = { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-06T10:00:00Z' } } };

test('given a container that could not start, when its status is reported, then the kubelet Warning is Failed with the runtime error', (t) => {
  t.deepEqual(containerTrouble(report([waiting('app', 'RunContainerError', 'container app has no command')])), { reason: 'Failed', message: 'Error: container app has no command' });
  t.deepEqual(containerTrouble(report([waiting('app', 'CreateContainerConfigError')])), { reason: 'Failed', message: 'Error: CreateContainerConfigError' });
});

test('given a container backing off after crashing, when reported, then the Warning is BackOff naming container and pod as the kubelet does', (t) => {
  t.deepEqual(containerTrouble(report([running, waiting('side', 'CrashLoopBackOff', 'back-off 10s')])), {
    reason: 'BackOff',
    message: 'Back-off restarting failed container side in pod web-1_shop',
  });
});

test('given an init container that failed, when reported, then it is the one named, before the app containers', (t) => {
  t.deepEqual(containerTrouble(report([waiting('app', 'PodInitializing')], [waiting('setup', 'CrashLoopBackOff')])), {
    reason: 'BackOff',
    message: 'Back-off restarting failed container setup in pod web-1_shop',
  });
});

test('given containers starting, running or waiting for init, when reported, then there is no Warning', (t) => {
  t.is(containerTrouble(report([waiting('app', 'ContainerCreating'), running])), undefined);
  t.is(containerTrouble(report([waiting('app', 'PodInitializing')], [running])), undefined);
  t.is(containerTrouble(report([])), undefined);
});
