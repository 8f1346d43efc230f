import test from 'ava';
import type { Toleration } from '../../domain/pod/pod-spec.js';
import {
  cpuFits,
  fits,
  hostPortsFree,
  memoryFits,
  nodeAffinityMatches,
  nodeFitReasons,
  nodeReady,
  nodeSchedulable,
  podCountFits,
  taintsTolerated,
  tolerates,
} from '../../domain/scheduling/filters.js';
import { type NodeDescription, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { GiB, readyNode } from '../support/scheduling-fixtures.js';
import { CONTROL_PLANE_TAINT, type Taint } from '../../domain/shared/taints.js';

const node = (overrides: Partial<NodeDescription> = {}): SchedulingNode =>
  readyNode('w1', 2000, 4, { labels: { 'kubernetes.io/hostname': 'w1', disk: 'ssd' }, ...overrides });
const pod = (overrides: Partial<SchedulingPod> = {}): SchedulingPod => ({
  requests: { cpuMillis: 500, memoryBytes: GiB },
  hostPorts: [],
  nodeSelector: {},
  requiredTerms: [],
  preferredTerms: [],
  tolerations: [],
  ...overrides,
});

const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };
const tol = (t: Partial<Toleration>): Toleration => ({ operator: 'Equal', ...t });

test('toleration matching follows Kubernetes: Equal needs the value, Exists does not', (t) => {
  t.true(tolerates(tol({ key: 'gpu', value: 'true', effect: 'NoSchedule' }), gpu));
  t.false(tolerates(tol({ key: 'gpu', value: 'false', effect: 'NoSchedule' }), gpu));
  t.true(tolerates(tol({ key: 'gpu', operator: 'Exists' }), gpu));
  t.false(tolerates(tol({ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }), gpu));
  t.false(tolerates(tol({ key: 'fpga', operator: 'Exists' }), gpu));
  t.true(tolerates(tol({ operator: 'Exists' }), gpu), 'an empty key with Exists tolerates every taint');
  t.true(tolerates(tol({ key: CONTROL_PLANE_TAINT.key }), CONTROL_PLANE_TAINT), 'a missing value equals an empty one');
});

test('a node that is not ready, or cordoned, takes no pods', (t) => {
  t.is(nodeReady(pod(), node({ ready: false })), 'node(s) were not ready');
  t.is(nodeReady(pod(), node()), undefined);
  t.is(nodeSchedulable(pod(), node({ unschedulable: true })), 'node(s) were unschedulable');
  const toleratesCordon = pod({ tolerations: [tol({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' })] });
  t.is(nodeSchedulable(toleratesCordon, node({ unschedulable: true })), undefined);
});

test('an untolerated NoSchedule or NoExecute taint filters the node, in Kubernetes wording', (t) => {
  t.is(taintsTolerated(pod(), node({ taints: [CONTROL_PLANE_TAINT] })), 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
  t.is(taintsTolerated(pod(), node({ taints: [{ ...gpu, effect: 'NoExecute' }] })), 'node(s) had untolerated taint {gpu: true}');
  t.is(taintsTolerated(pod({ tolerations: [tol({ key: 'gpu', value: 'true' })] }), node({ taints: [gpu] })), undefined);
});

test('PreferNoSchedule taints never filter', (t) => {
  t.is(taintsTolerated(pod(), node({ taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] })), undefined);
});

test('nodeSelector and required node affinity must both match', (t) => {
  const reason = "node(s) didn't match Pod's node affinity/selector";
  t.is(nodeAffinityMatches(pod({ nodeSelector: { disk: 'ssd' } }), node()), undefined);
  t.is(nodeAffinityMatches(pod({ nodeSelector: { disk: 'hdd' } }), node()), reason);
  const zoneA = { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a'] }] };
  const ssd = { matchExpressions: [{ key: 'disk', operator: 'Exists' as const }] };
  t.is(nodeAffinityMatches(pod({ requiredTerms: [zoneA] }), node()), reason);
  t.is(nodeAffinityMatches(pod({ requiredTerms: [zoneA, ssd] }), node()), undefined, 'terms are ORed');
  t.is(nodeAffinityMatches(pod({ requiredTerms: [{ matchExpressions: [] }] }), node()), reason, 'an empty term matches no node');
});

test('a host port in use on the node filters it', (t) => {
  const reason = "node(s) didn't have free ports for the requested pod ports";
  t.is(hostPortsFree(pod({ hostPorts: ['TCP/8080'] }), node({ usedHostPorts: new Set(['TCP/8080']) })), reason);
  t.is(hostPortsFree(pod({ hostPorts: ['UDP/8080'] }), node({ usedHostPorts: new Set(['TCP/8080']) })), undefined);
});

test('cpu, memory and pod count are checked against allocatable minus what is already bound', (t) => {
  const busy = node({ requested: { cpuMillis: 1600, memoryBytes: 3.5 * GiB, pods: 110 } });
  t.is(cpuFits(pod(), busy), 'Insufficient cpu');
  t.is(memoryFits(pod(), busy), 'Insufficient memory');
  t.is(podCountFits(pod(), busy), 'Too many pods');
  const exact = node({ requested: { cpuMillis: 1500, memoryBytes: 3 * GiB, pods: 109 } });
  t.deepEqual([cpuFits(pod(), exact), memoryFits(pod(), exact), podCountFits(pod(), exact)], [undefined, undefined, undefined]);
});

test('a pod that requests nothing fits an overcommitted node', (t) => {
  const over = node({ requested: { cpuMillis: 3000, memoryBytes: 5 * GiB, pods: 3 } });
  t.is(cpuFits(pod({ requests: { cpuMillis: 0, memoryBytes: 0 } }), over), undefined);
  t.is(memoryFits(pod({ requests: { cpuMillis: 0, memoryBytes: 0 } }), over), undefined);
});

test('a node gets the first rejecting filter, or every resource it lacks', (t) => {
  const full = { requested: { cpuMillis: 2000, memoryBytes: 4 * GiB, pods: 1 } };
  t.deepEqual(nodeFitReasons(pod(), node({ ready: false, taints: [gpu], ...full })), ['node(s) were not ready']);
  t.deepEqual(nodeFitReasons(pod(), node({ taints: [gpu], ...full })), ['node(s) had untolerated taint {gpu: true}']);
  t.deepEqual(nodeFitReasons(pod(), node(full)), ['Insufficient cpu', 'Insufficient memory']);
  t.deepEqual(nodeFitReasons(pod(), node()), []);
});

test('fits says yes exactly when nodeFitReasons finds nothing, over many mixed nodes and pods', (t) => {
  let seed = 11;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n; // the high bits: an LCG's low bits repeat
  const pick = <T>(...choices: T[]): T => choices[random(choices.length)]!;
  let open = 0;
  for (let round = 0; round < 2000; round++) {
    const n = node({
      ready: random(6) !== 0,
      unschedulable: random(6) === 0,
      taints: pick<Taint[]>([], [], [gpu], [{ key: 'slow', effect: 'PreferNoSchedule' }]),
      labels: { disk: pick('ssd', 'hdd') },
      usedHostPorts: new Set(pick<string[]>([], ['TCP/80'])),
      requested: { cpuMillis: random(2200), memoryBytes: random(5) * GiB, pods: 105 + random(6) },
    });
    const p = pod({
      requests: { cpuMillis: pick(0, 500, 1000), memoryBytes: pick(0, GiB) },
      nodeSelector: pick<Record<string, string>>({}, {}, { disk: 'ssd' }),
      hostPorts: pick<string[]>([], [], ['TCP/80']),
      tolerations: pick<Toleration[]>([], [], [{ key: 'gpu', operator: 'Exists' }]),
    });
    if (n.open) open++;
    t.is(fits(p, n), nodeFitReasons(p, n).length === 0, JSON.stringify({ n: { ...n, usedHostPorts: [...n.usedHostPorts] }, p }));
  }
  t.true(open > 500, 'open nodes (the fast path) are among the cases');
});
