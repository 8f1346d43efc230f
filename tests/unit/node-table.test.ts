import test from 'ava';
import { humanDuration } from '../../adapters/http/k8s/duration.js';
import type { K8sNode } from '../../adapters/http/k8s/k8s-types.js';
import { nodeTable } from '../../adapters/http/k8s/node-table.js';
import { printTable } from '../../adapters/cli/printers/table-printer.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function node(name: string, change: { ready?: 'True' | 'False' | 'Unknown' | 'none'; unschedulable?: boolean; labels?: Record<string, string>; createdSecondsAgo?: number; wide?: boolean } = {}): K8sNode {
  const created = new Date(NOW.getTime() - (change.createdSecondsAgo ?? 312) * 1000).toISOString();
  const ready = change.ready ?? 'True';
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: '12', creationTimestamp: created, labels: change.labels ?? {}, annotations: { a: 'b' } },
    spec: change.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: ready === 'none' ? [] : [{ type: 'Ready', status: ready, reason: 'KubeletReady', message: 'ok' }],
      addresses: change.wide === false ? [] : [{ type: 'InternalIP', address: '10.0.0.7' }, { type: 'Hostname', address: name }],
      nodeInfo: change.wide === false
        ? { kubeletVersion: 'v1.32.0-kes' }
        : { kubeletVersion: 'v1.32.0-kes', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'kes-process://0.1.0' },
    },
  };
}

const cells = (n: K8sNode) => nodeTable([n], NOW, '1').rows[0].cells;

test('columns are kubectl\'s, with the address and system columns at priority 1', (t) => {
  const table = nodeTable([], NOW, '42');
  t.is(table.kind, 'Table');
  t.is(table.apiVersion, 'meta.k8s.io/v1');
  t.deepEqual(table.metadata, { resourceVersion: '42' });
  t.deepEqual(
    table.columnDefinitions.map((c) => `${c.name}:${c.priority ?? 0}`),
    ['Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1'],
  );
  t.is(table.columnDefinitions[0].format, 'name');
  t.deepEqual(table.rows, []);
});

test('STATUS is Ready, NotReady for False or Unknown, Unknown without a Ready condition, plus SchedulingDisabled', (t) => {
  t.is(cells(node('a'))[1], 'Ready');
  t.is(cells(node('a', { ready: 'False' }))[1], 'NotReady');
  t.is(cells(node('a', { ready: 'Unknown' }))[1], 'NotReady');
  t.is(cells(node('a', { ready: 'none' }))[1], 'Unknown');
  t.is(cells(node('a', { unschedulable: true }))[1], 'Ready,SchedulingDisabled');
  t.is(cells(node('a', { ready: 'Unknown', unschedulable: true }))[1], 'NotReady,SchedulingDisabled');
});

test('ROLES come from node-role.kubernetes.io/<role> labels, sorted, <none> when none', (t) => {
  t.is(cells(node('a'))[2], '<none>');
  t.is(cells(node('a', { labels: { 'node-role.kubernetes.io/control-plane': '' } }))[2], 'control-plane');
  t.is(cells(node('a', { labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': 'x', 'kubernetes.io/hostname': 'a' } }))[2], 'control-plane,worker');
  t.is(cells(node('a', { labels: { 'kubernetes.io/role': 'edge' } }))[2], 'edge');
  t.is(cells(node('a', { labels: { 'node-role.kubernetes.io/': '' } }))[2], '<none>');
});

test('AGE and VERSION', (t) => {
  t.deepEqual(cells(node('a', { createdSecondsAgo: 312 })).slice(3, 5), ['5m12s', 'v1.32.0-kes']);
  t.is(cells(node('a', { createdSecondsAgo: 45 }))[3], '45s');
  t.is(cells(node('a', { createdSecondsAgo: 12 * 86400 }))[3], '12d');
  const undated = node('a');
  delete undated.metadata.creationTimestamp;
  t.is(cells(undated)[3], '<unknown>');
});

test('AGE follows kubectl\'s HumanDuration', (t) => {
  const s = 1000, m = 60 * s, h = 60 * m, d = 24 * h, y = 365 * d;
  const cases: [number, string][] = [
    [-3 * s, '<invalid>'], [-1500, '0s'], [0, '0s'], [999, '0s'], [45 * s, '45s'], [119 * s, '119s'],
    [2 * m, '2m'], [5 * m + 12 * s, '5m12s'], [9 * m + 59 * s, '9m59s'], [10 * m + 30 * s, '10m'], [179 * m, '179m'],
    [3 * h, '3h'], [3 * h + 4 * m, '3h4m'], [7 * h + 59 * m, '7h59m'], [8 * h + 30 * m, '8h'], [47 * h, '47h'],
    [2 * d, '2d'], [2 * d + 3 * h, '2d3h'], [7 * d + 23 * h, '7d23h'], [8 * d + 5 * h, '8d'], [12 * d, '12d'], [729 * d, '729d'],
    [2 * y, '2y'], [2 * y + 30 * d, '2y30d'], [8 * y + 3 * d, '8y'],
  ];
  for (const [ms, expected] of cases) t.is(humanDuration(ms), expected, `${ms} ms`);
});

test('wide cells: internal and external IP, OS image, kernel, runtime, with <none> and <unknown> placeholders', (t) => {
  t.deepEqual(cells(node('a')).slice(5), ['10.0.0.7', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'kes-process://0.1.0']);
  t.deepEqual(cells(node('a', { wide: false })).slice(5), ['<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

test('each row carries the node metadata as PartialObjectMetadata', (t) => {
  const n = node('node-1', { labels: { zone: 'a' } });
  const [row] = nodeTable([n], NOW, '1').rows;
  t.deepEqual(row.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: n.metadata });
  t.not(row.object.metadata, n.metadata);
});

test('kesctl prints the Table as kubectl: aligned, priority-1 columns only when wide', (t) => {
  const table = nodeTable(
    [node('node-1', { labels: { 'node-role.kubernetes.io/control-plane': '' } }), node('w2', { ready: 'False', unschedulable: true, createdSecondsAgo: 3 * 3600 + 240 })],
    NOW,
    '3',
  );
  t.is(
    printTable(table),
    [
      'NAME     STATUS                        ROLES           AGE     VERSION',
      'node-1   Ready                         control-plane   5m12s   v1.32.0-kes',
      'w2       NotReady,SchedulingDisabled   <none>          3h4m    v1.32.0-kes',
      '',
    ].join('\n'),
  );
  const wide = printTable(table, { wide: true }).split('\n');
  t.regex(wide[0], /^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP +OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME$/);
  t.regex(wide[1], /v1\.32\.0-kes   10\.0\.0\.7      <none>        Debian GNU\/Linux 12 \(bookworm\)   6\.1\.0-18-amd64   kes-process:\/\/0\.1\.0$/);
  const labelled = printTable(table, { showLabels: true }).split('\n');
  t.regex(labelled[0], /VERSION       LABELS$/);
  t.regex(labelled[1], /v1\.32\.0-kes   node-role\.kubernetes\.io\/control-plane=$/);
  t.regex(labelled[2], /v1\.32\.0-kes   <none>$/);
});
