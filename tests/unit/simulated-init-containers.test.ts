import test from 'ava';
import { podSummary } from '../../adapters/http/k8s/objects/pod-table.js';
import type { K8sPod } from '../../adapters/http/k8s/objects/workload-types.js';
import type { RuntimePodStatus } from '../../application/ports/container-runtime.js';
import type { PodView } from '../../application/projections/workload-views.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { nodeContainer, podView } from '../support/process-pods.js';

/** The STATUS column `kubectl get pods` shows for what the runtime reports. */
const shown = (pod: PodView, status: RuntimePodStatus) =>
  podSummary({ metadata: { name: pod.meta.name }, spec: pod.spec, status } as unknown as K8sPod).status;

/** Every status the runtime reports for the pod, as kubectl would show it, from start until it runs. */
async function statusesShown(pod: PodView): Promise<{ shown: string[]; last: RuntimePodStatus }> {
  const runtime = new SimulatedRuntime(new SystemClock(), { startLatencyMs: 0, failureRate: 0 });
  const seen: string[] = [];
  runtime.changes.subscribe((key) => seen.push(shown(pod, runtime.status(key)!)));
  await runtime.start('default.web', pod);
  return { shown: seen, last: runtime.status('default.web')! };
}

test('given a pod with two init containers, a simulated node runs them one after the other before the app containers: Init:0/2, Init:1/2, then Running', async (t) => {
  const pod = podView('web', [nodeContainer('app', '')], { initContainers: [nodeContainer('migrate', ''), nodeContainer('warm', '')] });
  const { shown: seen, last } = await statusesShown(pod);
  t.deepEqual(seen, ['Init:0/2', 'Init:1/2', 'ContainerCreating', 'Running']);
  t.is(last.phase, 'Running');
  t.deepEqual(last.initContainerStatuses?.map((s) => [s.name, 'terminated' in s.state ? s.state.terminated.reason : 'not terminated']), [['migrate', 'Completed'], ['warm', 'Completed']]);
  t.like(last.conditions.find((c) => c.type === 'Initialized'), { status: 'True' });
});

test('while an init container runs the pod is Pending and not Initialized, its app containers waiting in PodInitializing', async (t) => {
  const pod = podView('web', [nodeContainer('app', '')], { initContainers: [nodeContainer('migrate', '')] });
  const runtime = new SimulatedRuntime(new SystemClock(), { startLatencyMs: 60_000, failureRate: 0 });
  t.teardown(() => runtime.close());
  await runtime.start('default.web', pod);
  const status = runtime.status('default.web')!;
  t.is(status.phase, 'Pending');
  t.like(status.conditions.find((c) => c.type === 'Initialized'), { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [migrate]' });
  t.true('running' in status.initContainerStatuses![0]!.state, 'the init container runs');
  t.like(status.containerStatuses[0], { name: 'app', state: { waiting: { reason: 'PodInitializing' } } });
  await runtime.stop('default.web');
  t.like(runtime.status('default.web')!.initContainerStatuses?.[0], { state: { terminated: { exitCode: 0 } } }, 'stopping the pod stops the init container that runs');
});

test('given a pod without init containers, the simulated node reports none and runs the app containers', async (t) => {
  const pod = podView('web', [nodeContainer('app', '')]);
  const { shown: seen, last } = await statusesShown(pod);
  t.deepEqual(seen, ['ContainerCreating', 'Running']);
  t.is(last.initContainerStatuses, undefined);
});
