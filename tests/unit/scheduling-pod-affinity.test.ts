import test from 'ava';
import type { PodAffinityTerm } from '../../domain/pod/pod-spec.js';
import { affinityReason, affinityState } from '../../domain/scheduling/inter-pod-affinity.js';
import { placementFilter } from '../../domain/scheduling/placement.js';
import { schedule } from '../../domain/scheduling/schedule.js';
import type { SchedulingNode, SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import { CONTROL_PLANE_TAINT } from '../../domain/shared/taints.js';
import { on, podsOnNodes, podWith, readyNode } from '../support/scheduling-fixtures.js';

/** Given/when/then for kube-scheduler's InterPodAffinity: filters (required terms, both ways) and scores (preferred terms). */

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const node = (name: string, zone?: string): SchedulingNode =>
  readyNode(name, 4000, 8, { labels: { [HOSTNAME]: name, ...(zone ? { [ZONE]: zone } : {}) } });
const nodes = [node('w1', 'a'), node('w2', 'a'), node('w3', 'b')];

const term = (app: string, topologyKey = HOSTNAME, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } }, topologyKey, ...extra,
});
const antiAffine = (labels: Record<string, string>, ...terms: PodAffinityTerm[]) =>
  podWith(labels, { affinity: { podAntiAffinity: { required: terms, preferred: [] } } });
const affine = (labels: Record<string, string>, ...terms: PodAffinityTerm[]) =>
  podWith(labels, { affinity: { podAffinity: { required: terms, preferred: [] } } });

/** The reason of each node, or "fits". */
function verdicts(pod: SchedulingPod, placed: ReturnType<typeof on>[], candidates = nodes, namespaceLabels = {}): Record<string, string> {
  const filter = placementFilter(pod, candidates, podsOnNodes(candidates, placed, namespaceLabels));
  return Object.fromEntries(candidates.map((n) => [n.name, filter?.(n) ?? 'fits']));
}

test('given a web pod on w1, when a pod anti-affine to web on the hostname comes, then only w1 is refused, in kube-scheduler words', (t) => {
  const incoming = antiAffine({ app: 'web' }, term('web'));
  t.deepEqual(verdicts(incoming, [on('w1', podWith({ app: 'web' }))]), {
    w1: "node(s) didn't match pod anti-affinity rules", w2: 'fits', w3: 'fits',
  });
});

test('given anti-affinity on the zone, then every node of the zone that has a matching pod is refused', (t) => {
  const incoming = antiAffine({ app: 'web' }, term('web', ZONE));
  t.deepEqual(verdicts(incoming, [on('w1', podWith({ app: 'web' }))]), {
    w1: "node(s) didn't match pod anti-affinity rules", w2: "node(s) didn't match pod anti-affinity rules", w3: 'fits',
  });
});

test("given a placed pod anti-affine to db pods, when a db pod without terms of its own comes, then the placed pod's node is refused (symmetry)", (t) => {
  const guard = antiAffine({ app: 'guard' }, term('db'));
  t.deepEqual(verdicts(podWith({ app: 'db' }), [on('w2', guard)]), {
    w1: 'fits', w2: "node(s) didn't satisfy existing pods anti-affinity rules", w3: 'fits',
  });
  t.is(verdicts(podWith({ app: 'web' }), [on('w2', guard)]).w2, 'fits', 'a pod the term does not match goes anywhere');
});

test('given cache pods in zone a, when a pod affine to cache on the zone comes, then zone a fits and zone b is refused', (t) => {
  const incoming = affine({ app: 'web' }, term('cache', ZONE));
  const unzoned = node('w4');
  t.deepEqual(verdicts(incoming, [on('w1', podWith({ app: 'cache' }))], [...nodes, unzoned]), {
    w1: 'fits', w2: 'fits', w3: "node(s) didn't match pod affinity rules", w4: "node(s) didn't match pod affinity rules",
  });
});

test('given no pod matches yet, when the first pod of a group affine to itself comes, then it may go anywhere; one that is not affine to itself may not', (t) => {
  t.deepEqual(verdicts(affine({ app: 'cache' }, term('cache')), []), { w1: 'fits', w2: 'fits', w3: 'fits' });
  t.deepEqual(verdicts(affine({ app: 'web' }, term('cache')), []), {
    w1: "node(s) didn't match pod affinity rules", w2: "node(s) didn't match pod affinity rules", w3: "node(s) didn't match pod affinity rules",
  });
});

test('a term looks in its own namespace unless it names others, or every namespace with an empty namespaceSelector', (t) => {
  const elsewhere = on('w1', podWith({ app: 'web' }, {}, 'shop'));
  t.is(verdicts(antiAffine({ app: 'web' }, term('web')), [elsewhere]).w1, 'fits');
  t.is(verdicts(antiAffine({ app: 'web' }, term('web', HOSTNAME, { namespaces: ['shop'] })), [elsewhere]).w1, "node(s) didn't match pod anti-affinity rules");
  t.is(verdicts(antiAffine({ app: 'web' }, term('web', HOSTNAME, { namespaceSelector: {} })), [elsewhere]).w1, "node(s) didn't match pod anti-affinity rules");
  const byLabel = term('web', HOSTNAME, { namespaceSelector: { matchLabels: { team: 'shop' } } });
  t.is(verdicts(antiAffine({ app: 'web' }, byLabel), [elsewhere], nodes, { shop: { team: 'shop' } }).w1, "node(s) didn't match pod anti-affinity rules");
  t.is(verdicts(antiAffine({ app: 'web' }, byLabel), [elsewhere]).w1, 'fits', 'the namespace lacks the label');
});

test('a term without a labelSelector matches no pod, as in Kubernetes', (t) => {
  t.is(verdicts(antiAffine({ app: 'web' }, { topologyKey: HOSTNAME }), [on('w1', podWith({ app: 'web' }))]).w1, 'fits');
});

test('matchLabelKeys narrows a term to pods sharing the incoming pod\'s value of those labels', (t) => {
  const incoming = antiAffine({ app: 'web', 'pod-template-hash': 'v2' }, term('web', HOSTNAME, { matchLabelKeys: ['pod-template-hash'] }));
  const placed = [on('w1', podWith({ app: 'web', 'pod-template-hash': 'v1' })), on('w2', podWith({ app: 'web', 'pod-template-hash': 'v2' }))];
  t.deepEqual(verdicts(incoming, placed), { w1: 'fits', w2: "node(s) didn't match pod anti-affinity rules", w3: 'fits' });
});

test('given pods without terms in a cluster where no placed pod has any, then there is nothing to prepare (no cost for the common case)', (t) => {
  const placed = [on('w1', podWith({ app: 'web' }))];
  t.is(affinityState(podWith({ app: 'web' }), podsOnNodes(nodes, placed)), undefined);
  t.is(placementFilter(podWith({ app: 'web' }), nodes, podsOnNodes(nodes, placed)), undefined);
});

test('given three replicas anti-affine on the hostname placed one per node, when a fourth comes, then none fits and the message names the rule', (t) => {
  const replica = () => antiAffine({ app: 'web' }, term('web'));
  const master = readyNode('master', 4000, 8, { taints: [CONTROL_PLANE_TAINT] });
  const all = [master, ...nodes];
  const placed = nodes.map((n) => on(n.name, replica()));
  const result = schedule(replica(), all, new Map(), { pods: podsOnNodes(all, placed) });
  t.deepEqual(result, {
    unschedulable: "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules.",
  });
});

test('resources are checked before pod affinity: a node short of cpu gives that reason, as kube-scheduler stops at its first failing plugin', (t) => {
  const small = readyNode('w1', 50, 8);
  const incoming = antiAffine({ app: 'web' }, term('web'));
  const result = schedule(incoming, [small, nodes[1]!], new Map(), { pods: podsOnNodes([small, nodes[1]!], [on('w2', podWith({ app: 'web' }))]) });
  t.deepEqual(result, { unschedulable: "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod anti-affinity rules." });
});

test('preferred anti-affinity steers a pod off the nodes that have a matching pod; preferred affinity towards them', (t) => {
  const placed = [on('w1', podWith({ app: 'web' })), on('w2', podWith({ app: 'web' }))];
  const pods = podsOnNodes(nodes, placed);
  const preferring = (kind: 'podAffinity' | 'podAntiAffinity') =>
    podWith({ app: 'x' }, { affinity: { [kind]: { required: [], preferred: [{ weight: 100, podAffinityTerm: term('web') }] } } });
  t.like(schedule(preferring('podAntiAffinity'), nodes, new Map(), { pods }), { nodeName: 'w3' });
  t.like(schedule(preferring('podAffinity'), nodes, new Map(), { pods }), { nodeName: 'w1' });
});

test("a placed pod's preferred anti-affinity to the incoming pod scores too (symmetry)", (t) => {
  const shy = podWith({ app: 'shy' }, { affinity: { podAntiAffinity: { required: [], preferred: [{ weight: 100, podAffinityTerm: term('web', ZONE) }] } } });
  const pods = podsOnNodes(nodes, [on('w1', shy)]);
  t.like(schedule(podWith({ app: 'web' }), nodes, new Map(), { pods }), { nodeName: 'w3' }, 'zone a is avoided, though w1 is the first name');
});

test('affinityReason reads only the node labels against the prepared counts', (t) => {
  const incoming = antiAffine({ app: 'web' }, term('web'));
  const state = affinityState(incoming, podsOnNodes(nodes, [on('w1', podWith({ app: 'web' }))]))!;
  t.is(affinityReason(incoming, nodes[0]!, state), "node(s) didn't match pod anti-affinity rules");
  t.is(affinityReason(incoming, nodes[1]!, state), undefined);
});
