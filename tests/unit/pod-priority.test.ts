import test from 'ava';
import { Subject } from 'rxjs';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import { podDecider, type PodCommand } from '../../domain/pod/pod.decide.js';
import type { PodEvent } from '../../domain/pod/pod.js';
import type { PodSpec } from '../../domain/pod/pod-spec.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';
import { podMeta, podSpec, world } from '../support/world.js';
import type { Command } from '../../domain/shared/event.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { eventually } from '../support/processes.js';

/** Priority: kube-apiserver's Priority admission with the built-in classes, and kube-scheduler's priority queue. */

const spec = deciderSpec(podDecider);
const create = (extra: Partial<PodSpec>) =>
  ({ type: 'CreatePod', data: { meta: podMeta('web-1'), spec: { ...podSpec(), ...extra } as PodSpec }, metadata: meta() }) as PodCommand;
const createdWith = (extra: Partial<PodSpec>): NewEvent<PodEvent> =>
  ({ type: 'PodCreated', data: { meta: { ...podMeta('web-1'), creationTimestamp: AT }, spec: { ...podSpec(), ...extra } as PodSpec } });

test('given no pod, when one names system-node-critical, then it is created with that class\'s priority', (t) => {
  spec(t).given([]).when(create({ priorityClassName: 'system-node-critical' }))
    .then([createdWith({ priorityClassName: 'system-node-critical', priority: 2_000_001_000, preemptionPolicy: 'PreemptLowerPriority' })]);
  spec(t).given([]).when(create({ priorityClassName: 'system-cluster-critical' }))
    .then([createdWith({ priorityClassName: 'system-cluster-critical', priority: 2_000_000_000, preemptionPolicy: 'PreemptLowerPriority' })]);
});

const withClass = (extra: Partial<PodSpec>, priorityClass: { name: string; value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never' }) =>
  ({ type: 'CreatePod', data: { meta: podMeta('web-1'), spec: { ...podSpec(), ...extra } as PodSpec, priorityClass }, metadata: meta() }) as PodCommand;

test('given the API server found the class a pod names, then the pod gets its value and preemptionPolicy', (t) => {
  spec(t).given([]).when(withClass({ priorityClassName: 'high' }, { name: 'high', value: 1000, preemptionPolicy: 'Never' }))
    .then([createdWith({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' })]);
  spec(t).given([]).when(withClass({ priorityClassName: 'high', preemptionPolicy: 'PreemptLowerPriority' }, { name: 'high', value: 1000, preemptionPolicy: 'Never' }))
    .thenThrows('Forbidden', /the string value of PreemptionPolicy \(PreemptLowerPriority\) must not be provided in pod spec; priority admission controller computed Never/);
});

test('given a globalDefault class, when a pod names none, then it gets that class, its name and its value', (t) => {
  spec(t).given([]).when(withClass({}, { name: 'normal', value: 100, preemptionPolicy: 'PreemptLowerPriority' }))
    .then([createdWith({ priorityClassName: 'normal', priority: 100, preemptionPolicy: 'PreemptLowerPriority' })]);
  spec(t).given([]).when(withClass({ priority: 0 }, { name: 'normal', value: 100, preemptionPolicy: 'PreemptLowerPriority' }))
    .thenThrows('Forbidden', /the integer value of priority \(0\) must not be provided in pod spec; priority admission controller computed 100/);
});

test('given no pod, when one names a PriorityClass that does not exist, then it is forbidden in kube-apiserver\'s words', (t) => {
  spec(t).given([]).when(create({ priorityClassName: 'high' }))
    .thenThrows('Forbidden', /^pods "web-1" is forbidden: no PriorityClass with name high was found$/);
});

test('a priority given by hand must be the one the class gives', (t) => {
  spec(t).given([]).when(create({ priorityClassName: 'system-node-critical', priority: 7 }))
    .thenThrows('Forbidden', /the integer value of priority \(7\) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name/);
  spec(t).given([]).when(create({ priority: 0 })).then([createdWith({ priority: 0 })]);
});

test('given a backlog of pods and room for one, when the node opens, then the highest-priority pod is bound first', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CordonNode', { name: 'w1' });
  const s = scheduler(w.models);
  // w1 has 4 cpu: room for one pod of 3000m. The critical pod is created last.
  for (const name of ['low-1', 'low-2']) await w.send('CreatePod', { meta: podMeta(name), spec: podSpec(3000) });
  await w.send('CreatePod', { meta: podMeta('critical'), spec: podSpec(3000, { priorityClassName: 'system-node-critical' }) });
  t.deepEqual([...s.keys()], ['default.critical', 'default.low-1', 'default.low-2'], 'the scheduling queue is ordered by priority');
  const sender = { send: async (c: Command) => (await w.send(c.type, c.data as object, c.metadata.actor), { stream: '', revision: 0, position: 0, appended: 1 }) };
  const runner = new ReconcilerRunner(s, { sender, clock: new SystemClock(), ids: w.ids, log: () => undefined }, { concurrency: 4 }).start();
  t.teardown(() => runner.stop());
  const pods = () => ['critical', 'low-1', 'low-2'].map((name) => w.models.pods.get(`default.${name}`)!);
  await eventually(pods, (all) => all.every((p) => p.unschedulable !== undefined));
  await w.send('UncordonNode', { name: 'w1' });
  await eventually(pods, (all) => all.some((p) => p.nodeName !== undefined));
  t.deepEqual(pods().map((p) => p.nodeName), ['w1', undefined, undefined]);
});

test('the runner takes queued keys of a higher priority first, whatever order they came in', async (t) => {
  const triggers = new Subject<string>();
  const reconciled: string[] = [];
  const priorities: Record<string, number> = { low: 0, mid: 2_000_000_000, high: 2_000_001_000 };
  const reconciler = {
    name: 'queue', actor: 'system:test', resyncMs: 60_000, triggers, subjectOf: () => undefined, keys: () => [],
    reconcile: (key: string) => (reconciled.push(key), []),
    priorityOf: (key: string) => priorities[key.split('-')[0]!] ?? 0,
  };
  const sender = { send: async () => ({ stream: '', revision: 0, position: 0, appended: 0 }) };
  const runner = new ReconcilerRunner(reconciler, { sender, clock: new SystemClock(), ids: new UuidIds(), log: () => undefined }).start();
  t.teardown(() => runner.stop());
  for (const key of ['low-1', 'mid-1', 'low-2', 'high-1', 'mid-2']) triggers.next(key);
  await eventually(() => reconciled.length, (n) => n === 5);
  t.deepEqual(reconciled, ['high-1', 'mid-1', 'mid-2', 'low-1', 'low-2']);
});
