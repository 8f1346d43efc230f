import test, { type ExecutionContext } from 'ava';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import {
  planRollout,
  resolveFenceposts,
  resolveIntOrPercent,
  templateHash,
  type IntOrPercent,
  type OldReplicaCount,
  type ReplicaCount,
  type RolloutPlan,
} from '../../domain/deployment/rollout.js';

type World = Readonly<{ newRS: ReplicaCount; oldRSs: readonly OldReplicaCount[] }>;
type Settings = Readonly<{ desired: number; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent }>;

const ready = (replicas: number): ReplicaCount => ({ replicas, ready: replicas });
const old = (name: string, replicas: number, readyCount = replicas): OldReplicaCount => ({ name, replicas, ready: readyCount });

/** Applies a plan: new pods start not ready; scaling down removes not-ready pods first, as the ReplicaSet controller does. */
function apply(world: World, plan: RolloutPlan): World {
  const scaled = (rs: ReplicaCount, replicas: number) => ({ replicas, ready: Math.min(rs.ready, replicas) });
  return {
    newRS: scaled(world.newRS, plan.newRS),
    oldRSs: world.oldRSs.map((rs, i) => ({ name: rs.name, ...scaled(rs, plan.oldRSs[i].replicas) })),
  };
}
const allReady = (world: World): World => ({ newRS: ready(world.newRS.replicas), oldRSs: world.oldRSs.map((rs) => old(rs.name, rs.replicas)) });
const total = (w: World) => w.newRS.replicas + w.oldRSs.reduce((n, rs) => n + rs.replicas, 0);
const available = (w: World) => w.newRS.ready + w.oldRSs.reduce((n, rs) => n + rs.ready, 0);
const counts = (w: World) => [w.newRS.replicas, ...w.oldRSs.map((rs) => rs.replicas)];

/** A step never adds pods beyond desired + surge, nor takes ready pods below desired - unavailable (after a scale
 * change the world may start outside those bounds; a step then only moves toward them). */
function assertInvariant(t: ExecutionContext, s: Settings, before: World, after: World, step: number): void {
  const { surge, unavailable } = resolveFenceposts(s.maxSurge, s.maxUnavailable, s.desired);
  const maxTotal = Math.max(s.desired + surge, total(before));
  const minAvailable = Math.min(s.desired - unavailable, available(before));
  t.true(total(after) <= maxTotal, `step ${step}: ${total(after)} pods exceed ${maxTotal}`);
  t.true(available(after) >= minAvailable, `step ${step}: ${available(after)} ready pods, below ${minAvailable}`);
}

/** Steps the rollout until nothing changes, pods becoming ready between steps; returns [new, ...old] counts per step. */
function rollOut(t: ExecutionContext, s: Settings, start: World): number[][] {
  const steps: number[][] = [];
  let world = start;
  for (let step = 1; step <= 30; step++) {
    const next = apply(world, planRollout({ ...s, ...world }));
    assertInvariant(t, s, world, next, step);
    if (canonicalJson(counts(next)) === canonicalJson(counts(world))) return steps;
    steps.push(counts(next));
    world = allReady(next);
  }
  t.fail('the rollout did not converge in 30 steps');
  return steps;
}

const given = (s: Settings, start: World) => ({ then: (t: ExecutionContext, expected: number[][]) => t.deepEqual(rollOut(t, s, start), expected) });
const fresh = (oldReplicas: number): World => ({ newRS: ready(0), oldRSs: [old('web-v1', oldReplicas)] });

test('percentages resolve against the desired count: maxSurge rounds up, maxUnavailable down', (t) => {
  t.is(resolveIntOrPercent('25%', 6, true), 2);
  t.is(resolveIntOrPercent('25%', 6, false), 1);
  t.is(resolveIntOrPercent(3, 6, true), 3);
  t.is(resolveIntOrPercent('0%', 6, true), 0);
  t.throws(() => resolveIntOrPercent('25', 6, true));
  t.deepEqual(resolveFenceposts('25%', '25%', 6), { surge: 2, unavailable: 1 });
  t.deepEqual(resolveFenceposts('0%', '10%', 3), { surge: 0, unavailable: 1 }, 'both resolving to 0 would block the rollout');
});

test('templateHash is 10 safe characters, deterministic, blind to key order and sensitive to content', (t) => {
  const template = { labels: { app: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  const hash = templateHash(template);
  t.regex(hash, /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  t.is(templateHash({ spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] }, labels: { app: 'web' } }), hash);
  t.not(templateHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } }), hash);
  t.is(templateHash({ labels: {} }), templateHash({ labels: {} }));
});

test('a rollout of 6 replicas at 25%/25% goes step by step to completion within its bounds', (t) => {
  // [new, old]: surge 2 (at most 8 pods), unavailable 1 (at least 5 ready).
  given({ desired: 6, maxSurge: '25%', maxUnavailable: '25%' }, fresh(6)).then(t, [[2, 5], [3, 3], [5, 2], [6, 0]]);
});

test('old pods are not scaled down while new pods are not ready yet', (t) => {
  const settings = { desired: 6, maxSurge: '25%', maxUnavailable: '25%' };
  const afterFirstStep: World = { newRS: { replicas: 2, ready: 0 }, oldRSs: [old('web-v1', 5)] };
  t.deepEqual(planRollout({ ...settings, ...afterFirstStep }), { newRS: 3, oldRSs: [{ name: 'web-v1', replicas: 5 }] });
  const full: World = { newRS: { replicas: 3, ready: 0 }, oldRSs: [old('web-v1', 5)] };
  t.deepEqual(planRollout({ ...settings, ...full }), { newRS: 3, oldRSs: [{ name: 'web-v1', replicas: 5 }] }, 'nothing moves until pods are ready');
});

test('with maxUnavailable 0 the ready count never drops below desired', (t) => {
  given({ desired: 6, maxSurge: '25%', maxUnavailable: 0 }, fresh(6)).then(t, [[2, 6], [2, 4], [4, 4], [4, 2], [6, 2], [6, 0]]);
});

test('with maxSurge 0 the pod count never exceeds desired', (t) => {
  given({ desired: 6, maxSurge: 0, maxUnavailable: 2 }, fresh(6)).then(t, [[0, 4], [2, 4], [2, 2], [4, 2], [4, 0], [6, 0]]);
});

test('not-ready old pods are removed first, without touching ready ones beyond the budget', (t) => {
  const world: World = { newRS: ready(0), oldRSs: [old('web-v1', 2, 0), old('web-v2', 6)] };
  t.deepEqual(planRollout({ desired: 6, maxSurge: 1, maxUnavailable: 1, ...world }), {
    newRS: 0,
    oldRSs: [{ name: 'web-v1', replicas: 0 }, { name: 'web-v2', replicas: 5 }],
  });
});

test('several old ReplicaSets are scaled down oldest first', (t) => {
  const world: World = { newRS: ready(2), oldRSs: [old('web-v1', 2), old('web-v2', 3)] };
  given({ desired: 6, maxSurge: '25%', maxUnavailable: '25%' }, world).then(t, [[3, 0, 3], [5, 0, 2], [6, 0, 0]]);
});

test('scaling up mid-rollout grows the new ReplicaSet within the new bounds', (t) => {
  const midway: World = { newRS: ready(3), oldRSs: [old('web-v1', 3)] };
  given({ desired: 10, maxSurge: '25%', maxUnavailable: '25%' }, midway).then(t, [[10, 3], [10, 0]]);
});

test('scaling down mid-rollout sheds old pods first and never exceeds the new bounds', (t) => {
  const midway: World = { newRS: ready(2), oldRSs: [old('web-v1', 5)] };
  given({ desired: 3, maxSurge: '25%', maxUnavailable: '25%' }, midway).then(t, [[2, 1], [3, 1], [3, 0]]);
});

test('without old ReplicaSets a scale change applies at once', (t) => {
  t.deepEqual(planRollout({ desired: 10, maxSurge: '25%', maxUnavailable: '25%', newRS: ready(6), oldRSs: [] }), { newRS: 10, oldRSs: [] });
  t.deepEqual(planRollout({ desired: 2, maxSurge: '25%', maxUnavailable: '25%', newRS: ready(6), oldRSs: [] }), { newRS: 2, oldRSs: [] });
});
