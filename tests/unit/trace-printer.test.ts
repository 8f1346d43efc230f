import test from 'ava';
import { formatAfter, printTrace, type TraceStepItem } from '../../adapters/cli/printers/trace-printer.js';

const step = (type: string, object: string, actor: string, afterMs: number | undefined, steps: TraceStepItem[] = []): TraceStepItem =>
  ({ id: type, type, object, position: 1, at: '2026-12-06T10:00:00.000Z', actor, commandId: 'c', summary: '', ...(afterMs === undefined ? {} : { afterMs }), steps });

test('a trace prints as an indented tree, one line per event with its object, actor and time after its cause', (t) => {
  const printed = printTrace({
    kind: 'Trace',
    chains: [{
      correlationId: 'c-1',
      steps: [step('DeploymentScaled', 'Deployment default/web', 'kubernetes-admin', undefined, [
        step('ReplicaSetScaled', 'ReplicaSet default/web-1', 'system:kes-controller-manager', 12, [
          step('PodCreated', 'Pod default/web-1-a', 'system:kes-controller-manager', 30, [step('PodScheduled', 'Pod default/web-1-a', 'system:kes-scheduler', 1500)]),
          step('PodCreated', 'Pod default/web-1-b', 'system:kes-controller-manager', 31),
        ]),
      ])],
    }],
  });
  t.is(printed, [
    'correlation c-1',
    '└─ DeploymentScaled  Deployment default/web  by kubernetes-admin  2026-12-06T10:00:00.000Z',
    '   └─ ReplicaSetScaled  ReplicaSet default/web-1  by system:kes-controller-manager  +12ms',
    '      ├─ PodCreated  Pod default/web-1-a  by system:kes-controller-manager  +30ms',
    '      │  └─ PodScheduled  Pod default/web-1-a  by system:kes-scheduler  +1.5s',
    '      └─ PodCreated  Pod default/web-1-b  by system:kes-controller-manager  +31ms',
    '',
  ].join('\n'));
});

test('times after a cause read as milliseconds, seconds or minutes', (t) => {
  t.deepEqual([0, 999, 1000, 1540, 59_000, 61_000, 3_725_000].map(formatAfter), ['+0ms', '+999ms', '+1s', '+1.5s', '+59s', '+1m1s', '+62m5s']);
});
