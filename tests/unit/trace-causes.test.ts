import test from 'ava';
import { commandHandler } from '../../application/commands/handle-command.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { buildTrace, type TraceStep } from '../../application/queries/trace.js';
import { eventsAroundStream } from '../../application/queries/trace-events.js';
import { deploymentController } from '../../application/reconcilers/deployment.js';
import { garbageCollector } from '../../application/reconcilers/garbage-collector.js';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { ReconcilerRunner, type Reconciler } from '../../application/reconcilers/runner.js';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import type { Command, RecordedEvent } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { registration } from '../support/node-fixtures.js';
import { eventually } from '../support/processes.js';
import { deploymentData } from '../support/workload-fixtures.js';

/** The scheduler, both controllers and a kubelet on a simulated runtime, each in a runner sending to the command handler. */
async function cluster(t: import('ava').ExecutionContext) {
  const store = new MemoryEventStore();
  const models = new ReadModels();
  const ids = new UuidIds();
  const clock = new SystemClock();
  const subscription = store.subscribe(0).subscribe((e) => models.apply(e));
  const handle = commandHandler(store, ids);
  const send = async (type: string, data: object, actor = 'kubernetes-admin') => {
    const handled = await handle({ type, data, metadata: { commandId: ids.newId(), actor, at: clock.now() } } as Command);
    await caughtUp(models, handled.position);
  };
  await send('RegisterNode', registration('w1'));
  const runtime = new SimulatedRuntime(clock, { startLatencyMs: 0, failureRate: 0 });
  const reconcilers: Reconciler[] = [
    deploymentController(models, clock), replicaSetController(models, ids, clock), scheduler(models), kubeletPods(models, runtime, (node) => node === 'w1'), garbageCollector(models),
  ];
  const runners = reconcilers.map((r) => new ReconcilerRunner(r, { sender: { send: handle }, clock, ids, log: () => undefined }, { caughtUp: (p) => caughtUp(models, p) }).start());
  t.teardown(() => {
    for (const runner of runners) runner.stop();
    subscription.unsubscribe();
  });
  const log = async () => store.readAll(0, 100_000);
  return { store, models, send, log };
}

const descendants = (step: TraceStep): TraceStep[] => step.steps.flatMap((s) => [s, ...descendants(s)]);
const running = (events: readonly RecordedEvent[], count: number) =>
  events.filter((e) => e.type === 'PodStatusReported' && (e.data as { phase?: string }).phase === 'Running').length >= count;

test('a reconciler\'s commands carry the last event of the object it acted on as their cause, and its correlation', async (t) => {
  const c = await cluster(t);
  await c.send('CreateDeployment', deploymentData('web', 2));
  const events = await eventually(c.log, (all) => running(all, 2), 20_000);
  const byId = new Map(events.map((e) => [e.id, e]));
  const created = events.find((e) => e.type === 'DeploymentCreated')!;
  const causeOf = (e: RecordedEvent) => byId.get(e.metadata.causationId);

  const rsCreated = events.find((e) => e.type === 'ReplicaSetCreated')!;
  t.is(causeOf(rsCreated)?.id, created.id, 'the ReplicaSet was made for the DeploymentCreated');
  for (const pod of events.filter((e) => e.type === 'PodCreated')) t.is(causeOf(pod)?.stream, rsCreated.stream, 'a pod is made for an event of its ReplicaSet');
  for (const bound of events.filter((e) => e.type === 'PodScheduled')) t.is(causeOf(bound)?.stream, bound.stream, "a pod is bound for its own last event");
  const reported = events.filter((e) => e.type === 'PodStatusReported');
  for (const report of reported) t.is(causeOf(report)?.stream, report.stream, "the kubelet reports for the pod's last event");
  t.deepEqual(new Set([rsCreated, ...reported].map((e) => e.metadata.correlationId)), new Set([created.metadata.commandId]), 'all in the create command\'s chain');
});

test('scaling a Deployment traces to ReplicaSetScaled, the new pods, their PodScheduled and their status, each by its actor', async (t) => {
  const c = await cluster(t);
  await c.send('CreateDeployment', deploymentData('web', 1));
  await eventually(c.log, (all) => running(all, 1), 20_000);
  await c.send('ScaleDeployment', { namespace: 'default', name: 'web', replicas: 3 });
  const events = await eventually(c.log, (all) => running(all, 3), 20_000);
  const scaled = events.find((e) => e.type === 'DeploymentScaled')!;
  const chain = buildTrace(events).find((ch) => ch.correlationId === scaled.metadata.commandId)!;
  t.is(chain.steps[0].type, 'DeploymentScaled');
  t.is(chain.steps[0].actor, 'kubernetes-admin');
  const rsScaled = chain.steps[0].steps.find((s) => s.type === 'ReplicaSetScaled')!;
  t.truthy(rsScaled, 'ReplicaSetScaled under DeploymentScaled');
  t.regex(rsScaled.actor, /controller-manager/);
  const podsCreated = rsScaled.steps.filter((s) => s.type === 'PodCreated');
  t.is(podsCreated.length, 2, 'the two new pods under ReplicaSetScaled');
  for (const pod of podsCreated) {
    const scheduled = pod.steps.find((s) => s.type === 'PodScheduled');
    t.truthy(scheduled, `${pod.object} scheduled under its PodCreated`);
    t.regex(scheduled!.actor, /scheduler/);
    t.true(scheduled!.afterMs! >= 0);
    t.true(descendants(scheduled!).some((s) => s.type === 'PodStatusReported' && s.actor === 'system:node:w1'), `${pod.object} reported on by its kubelet`);
  }
});

test('the garbage collector deletes what a deleted owner leaves for that owner\'s deletion, and so in turn down to the pods', async (t) => {
  const c = await cluster(t);
  await c.send('CreateDeployment', deploymentData('web', 2));
  await eventually(c.log, (all) => running(all, 2), 20_000);
  await c.send('DeleteDeployment', { namespace: 'default', name: 'web' });
  const events = await eventually(c.log, (all) => all.filter((e) => e.type === 'PodDeleted').length === 2, 20_000);
  const byId = new Map(events.map((e) => [e.id, e]));
  const deleted = events.find((e) => e.type === 'DeploymentDeleted')!;
  const rsDeleted = events.find((e) => e.type === 'ReplicaSetDeleted')!;
  t.is(rsDeleted.metadata.causationId, deleted.id);
  for (const pod of events.filter((e) => e.type === 'PodDeletionRequested' || e.type === 'PodDeleted')) {
    t.is(pod.metadata.correlationId, deleted.metadata.commandId, `${pod.type} of ${pod.stream} in the delete's chain`);
    const cause = byId.get(pod.metadata.causationId)!;
    t.true(cause.stream === rsDeleted.stream || cause.stream === pod.stream, `${pod.type} caused by ${cause.type}`);
  }
});

test("a pod's trace starts at the root command of its chain: the Deployment's scale that made it, though older than the pod", async (t) => {
  const c = await cluster(t);
  await c.send('CreateDeployment', deploymentData('web', 1));
  await eventually(c.log, (all) => running(all, 1), 20_000);
  await c.send('ScaleDeployment', { namespace: 'default', name: 'web', replicas: 2 });
  const events = await eventually(c.log, (all) => running(all, 2), 20_000);
  const scaled = events.find((e) => e.type === 'DeploymentScaled')!;
  const newPod = events.filter((e) => e.type === 'PodCreated').at(-1)!;
  const around = await eventsAroundStream(c.store, newPod.stream);
  const chain = buildTrace(around!.events).find((ch) => ch.correlationId === scaled.metadata.commandId)!;
  t.is(chain.steps[0].type, 'DeploymentScaled', 'the root is the scale, not the pod\'s first event');
  t.true(descendants(chain.steps[0]).some((s) => s.stream === newPod.stream && s.type === 'PodScheduled'));
});
