import test from 'ava';
import { buildTrace, traceOfCommand, type TraceStep } from '../../application/queries/trace.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

let position = 0;
/** An event of command `commandId` caused by `causationId` (an event id, or the command itself at a root), `ms` after 10:00. */
const event = (id: string, type: string, stream: string, commandId: string, causationId: string, ms: number, correlationId = 'root'): RecordedEvent => ({
  id, type, stream, revision: 0, position: ++position, data: {},
  metadata: { actor: `actor-of-${commandId}`, commandId, correlationId, causationId, at: new Date(Date.UTC(2026, 11, 6, 10, 0, 0, ms)).toISOString(), schemaVersion: 1 },
});

/** The tree as `type@object (+ms)` lines, indented by depth: what a reader of `kesctl trace` sees. */
const shape = (steps: readonly TraceStep[], depth = 0): string[] =>
  steps.flatMap((s) => [`${'  '.repeat(depth)}${s.type}@${s.object}${s.afterMs === undefined ? '' : ` +${s.afterMs}`}`, ...shape(s.steps, depth + 1)]);

/** scale deployment → ReplicaSet scaled → two pods created → each scheduled, and one status report. */
const scaleChain = () => [
  event('e1', 'DeploymentScaled', 'deployment-default.web', 'root', 'root', 0),
  event('e2', 'ReplicaSetScaled', 'replicaset-default.web-1', 'c2', 'e1', 10),
  event('e3', 'PodCreated', 'pod-default.web-1-a', 'c3', 'e2', 25),
  event('e4', 'PodCreated', 'pod-default.web-1-b', 'c4', 'e2', 26),
  event('e5', 'PodScheduled', 'pod-default.web-1-a', 'c5', 'e3', 30),
  event('e6', 'PodScheduled', 'pod-default.web-1-b', 'c6', 'e4', 40),
  event('e7', 'PodStatusReported', 'pod-default.web-1-a', 'c7', 'e5', 340),
];

test('given the events of a scale, when traced, then each event hangs under the event that caused it, with the time since', (t) => {
  const chains = buildTrace(scaleChain());
  t.is(chains.length, 1);
  t.is(chains[0].correlationId, 'root');
  t.deepEqual(shape(chains[0].steps), [
    'DeploymentScaled@Deployment default/web',
    '  ReplicaSetScaled@ReplicaSet default/web-1 +10',
    '    PodCreated@Pod default/web-1-a +15',
    '      PodScheduled@Pod default/web-1-a +5',
    '        PodStatusReported@Pod default/web-1-a +310',
    '    PodCreated@Pod default/web-1-b +16',
    '      PodScheduled@Pod default/web-1-b +14',
  ]);
  t.is(chains[0].steps[0].actor, 'actor-of-root');
});

test('given events out of order and one read twice, when traced, then the tree is the same', (t) => {
  const events = scaleChain();
  const chains = buildTrace([...events].reverse().concat(events[2]));
  t.deepEqual(shape(chains[0].steps), shape(buildTrace(events)[0].steps));
});

test('given two correlations and an event whose cause lies before the trace, when traced, then one chain each, and that event is a root', (t) => {
  const events = [
    event('a1', 'DeploymentCreated', 'deployment-default.web', 'create', 'create', 0, 'create'),
    event('b1', 'PodStatusReported', 'pod-default.web-1-a', 'k1', 'before-the-trace', 5, 'create'),
    ...scaleChain(),
  ];
  const chains = buildTrace(events);
  t.deepEqual(chains.map((c) => [c.correlationId, c.steps.map((s) => s.type)]), [
    ['create', ['DeploymentCreated', 'PodStatusReported']],
    ['root', ['DeploymentScaled']],
  ]);
  t.is(chains[0].steps[1].afterMs, undefined, 'a root has no time since a cause');
});

test('given a whole chain, when traced from one command in it, then only what that command led to', (t) => {
  const chains = traceOfCommand(buildTrace(scaleChain()), 'c3');
  t.deepEqual(chains.map((c) => shape(c.steps)), [[
    'PodCreated@Pod default/web-1-a +15',
    '  PodScheduled@Pod default/web-1-a +5',
    '    PodStatusReported@Pod default/web-1-a +310',
  ]]);
  t.deepEqual(traceOfCommand(buildTrace(scaleChain()), 'no-such-command'), []);
});

test('given events of the cluster stream, when traced, then the object is the stream', (t) => {
  const [chain] = buildTrace([event('x', 'ClusterInitialized', 'cluster', 'init', 'init', 0, 'init')]);
  t.is(chain.steps[0].object, 'cluster');
});
