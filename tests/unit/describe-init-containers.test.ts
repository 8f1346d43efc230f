import test from 'ava';
import type { K8sPod } from '../../adapters/http/k8s/objects/workload-types.js';
import { describePod } from '../../adapters/cli/printers/describe-pod.js';
import { podTemplateLines } from '../../adapters/cli/printers/describe-containers.js';

process.env.TZ = 'UTC';

const NOW = new Date('2024-05-01T12:00:00Z');

function podWithInit(): K8sPod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', creationTimestamp: '2024-05-01T11:50:00Z' },
    spec: {
      initContainers: [
        { name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'echo migrated'] },
        { name: 'warm', image: 'busybox:1.36' },
      ],
      containers: [{ name: 'app', image: 'nginx:1.27' }],
      nodeName: 'node-1',
    },
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'migrate', ready: true, restartCount: 0, image: 'busybox:1.36', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2024-05-01T11:55:00Z', finishedAt: '2024-05-01T11:55:01Z' } } },
        { name: 'warm', ready: false, restartCount: 0, image: 'busybox:1.36', state: { running: { startedAt: '2024-05-01T11:55:02Z' } } },
      ],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx:1.27', state: { waiting: { reason: 'PodInitializing' } } }],
    },
  } as unknown as K8sPod;
}

/** The lines of `text` from the one starting with `from` up to (not including) the one starting with `to`, the tabwriter's padding after a word made two spaces. */
function section(text: string, from: string, to: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(from));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(to));
  return lines.slice(start, end).map((l) => l.replace(/(\S) {2,}/g, '$1  '));
}

test('given a pod with init containers, describe shows them before the containers, with their state, as kubectl does', (t) => {
  const text = describePod(podWithInit() as Parameters<typeof describePod>[0], [], NOW);
  t.deepEqual(section(text, 'Init Containers:', 'Containers:'), [
    'Init Containers:',
    '  migrate:',
    '    Container ID:  ',
    '    Image:  busybox:1.36',
    '    Image ID:  ',
    '    Port:  <none>',
    '    Host Port:  <none>',
    '    Command:',
    '      sh',
    '      -c',
    '      echo migrated',
    '    State:  Terminated',
    '      Reason:  Completed',
    '      Exit Code:  0',
    '      Started:  Wed, 01 May 2024 11:55:00 +0000',
    '      Finished:  Wed, 01 May 2024 11:55:01 +0000',
    '    Ready:  True',
    '    Restart Count:  0',
    '    Environment:  <none>',
    '    Mounts:  <none>',
    '  warm:',
    '    Container ID:  ',
    '    Image:  busybox:1.36',
    '    Image ID:  ',
    '    Port:  <none>',
    '    Host Port:  <none>',
    '    State:  Running',
    '      Started:  Wed, 01 May 2024 11:55:02 +0000',
    '    Ready:  False',
    '    Restart Count:  0',
    '    Environment:  <none>',
    '    Mounts:  <none>',
  ]);
  t.deepEqual(section(text, 'Containers:', 'Volumes:').slice(0, 8), [
    'Containers:', '  app:', '    Container ID:  ', '    Image:  nginx:1.27', '    Image ID:  ', '    Port:  <none>', '    Host Port:  <none>', '    State:  Waiting',
  ]);
});

test('given a pod without init containers, describe has no Init Containers section; a pod template shows its init containers', (t) => {
  const pod = podWithInit();
  const plain = { ...pod, spec: { ...pod.spec, initContainers: undefined }, status: { ...pod.status, initContainerStatuses: undefined } };
  t.false(describePod(plain as Parameters<typeof describePod>[0], [], NOW).includes('Init Containers'));
  const template = podTemplateLines({ metadata: { labels: { app: 'web' } }, spec: pod.spec } as Parameters<typeof podTemplateLines>[0]);
  t.deepEqual(template.slice(template.indexOf('  Init Containers:'), template.indexOf('  Init Containers:') + 3), ['  Init Containers:', '   migrate:', '    Image:\tbusybox:1.36']);
  t.true(template.indexOf('  Init Containers:') < template.indexOf('  Containers:'));
});
