import test, { type ExecutionContext } from 'ava';
import { WALL_CLOCK } from '../support/world.js';
import { deploymentController } from '../../application/reconcilers/deployment.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import type { CreateDeployment } from '../../domain/deployment/deployment.decide.js';
import { templateHash } from '../../domain/deployment/rollout.js';
import { AT, world } from '../support/world.js';
import { deploymentData, isReady, livePods, roundOf, runKubelets, template } from '../support/workload-fixtures.js';

const KEY = { namespace: 'default', name: 'web' };

/** Three workers, the scheduler, both controllers and kubelets that make every bound pod ready. */
async function cluster(t: ExecutionContext, extra: Partial<CreateDeployment['data']> = {}, replicas = 4, clock: { nowMs: () => number } = WALL_CLOCK) {
  const w = world(clock === WALL_CLOCK ? undefined : clock);
  for (const name of ['w1', 'w2', 'w3']) await w.addNode(name);
  const s = scheduler(w.models);
  const subscription = s.triggers.subscribe();
  t.teardown(() => subscription.unsubscribe());
  const dc = deploymentController(w.models, clock);
  const rsc = replicaSetController(w.models, w.ids, clock);
  await w.send('CreateDeployment', deploymentData('web', replicas, extra));

  /** Rounds of deployment controller → ReplicaSet controller → scheduler → kubelets until all are quiet; `check` after each. */
  const converge = async (check: () => void = () => {}) => {
    for (let round = 1; round <= 60; round++) {
      let sent = 0;
      for (const reconciler of [dc, rsc, s]) {
        const commands = await roundOf(reconciler);
        await w.sendAll(commands, reconciler.actor);
        sent += commands.length;
        check();
      }
      sent += await runKubelets(w);
      check();
      if (sent === 0) return round;
    }
    throw new Error('the cluster did not converge in 60 rounds');
  };
  return { ...w, dc, rsc, converge };
}

type Cluster = Awaited<ReturnType<typeof cluster>>;

const images = (w: Cluster) => livePods(w.models).map((p) => p.spec.containers[0].image).sort();
const readyCount = (w: Cluster) => livePods(w.models).filter(isReady).length;
const deployment = (w: Cluster) => w.models.deployments.get('default.web')!;

async function assertQuiet(t: ExecutionContext, w: Cluster): Promise<void> {
  t.deepEqual(await roundOf(w.dc), [], 'the deployment controller, run again, emits nothing');
  t.deepEqual(await roundOf(w.rsc), [], 'the ReplicaSet controller, run again, emits nothing');
}

test('a Deployment gets a ReplicaSet named after its template hash, and ready pods; its status says so', async (t) => {
  const w = await cluster(t);
  await w.converge();
  const hash = templateHash(template());
  const rs = w.models.replicaSets.get(`default.web-${hash}`)!;
  t.like(rs.meta, { labels: { app: 'web', 'pod-template-hash': hash }, annotations: { 'deployment.kubernetes.io/revision': '1' } });
  t.deepEqual(rs.meta.ownerReferences, [{ kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }]);
  t.deepEqual(rs.spec.selector.at(-1), { key: 'pod-template-hash', operator: 'In', values: [hash] });
  t.is(rs.spec.template.labels['pod-template-hash'], hash);
  t.is(readyCount(w), 4);
  const { status } = deployment(w);
  t.like(status, { observedGeneration: 1, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 });
  t.deepEqual(status.conditions.map(({ type, status: s, reason, message }) => ({ type, status: s, reason, message })), [
    { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` },
  ]);
  await assertQuiet(t, w);
});

const rollsOver = test.macro(async (t, strategy: { maxSurge: number | string; maxUnavailable: number | string }, replicas: number, bounds: { maxTotal: number; minReady: number }) => {
  const w = await cluster(t, { strategy: { type: 'RollingUpdate', ...strategy } }, replicas);
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  const seen = new Set<string>();
  const rounds = await w.converge(() => {
    const live = livePods(w.models);
    seen.add(images(w).join(','));
    t.true(live.length <= bounds.maxTotal, `${live.length} pods, more than ${bounds.maxTotal}`);
    t.true(readyCount(w) >= bounds.minReady, `${readyCount(w)} ready pods, fewer than ${bounds.minReady}`);
  });
  t.true(rounds > 2, 'the rollout takes several steps');
  t.true([...seen].some((s) => s.includes('app:1') && s.includes('app:2')), 'old and new pods serve side by side');
  t.deepEqual(images(w), Array(replicas).fill('app:2'));
  t.is(readyCount(w), replicas);
  t.like(deployment(w).status, { replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 2 });
  const old = w.models.replicaSets.get(`default.web-${templateHash(template())}`)!;
  t.is(old.spec.replicas, 0, 'the old ReplicaSet is kept, scaled to 0, for a rollback');
  await assertQuiet(t, w);
});

test('a template change rolls over within 25% surge and 25% unavailable', rollsOver, { maxSurge: '25%', maxUnavailable: '25%' }, 4, { maxTotal: 5, minReady: 3 });
test('a template change rolls over with maxUnavailable 0: never fewer ready pods than desired', rollsOver, { maxSurge: 2, maxUnavailable: 0 }, 6, { maxTotal: 8, minReady: 6 });
test('a template change rolls over with maxSurge 0: never more pods than desired', rollsOver, { maxSurge: 0, maxUnavailable: 1 }, 3, { maxTotal: 3, minReady: 2 });

test('scaling the Deployment up and down reaches its pods', async (t) => {
  const w = await cluster(t);
  await w.converge();
  await w.send('ScaleDeployment', { ...KEY, replicas: 7 });
  await w.converge();
  t.is(readyCount(w), 7);
  t.like(deployment(w).status, { replicas: 7, availableReplicas: 7, observedGeneration: 2 });
  await w.send('ScaleDeployment', { ...KEY, replicas: 2 });
  await w.converge();
  t.is(livePods(w.models).length, 2);
  t.is(w.models.pods.size, 2, 'the kubelets confirmed the deleted pods gone');
  t.like(deployment(w).status, { replicas: 2, availableReplicas: 2, observedGeneration: 3 });
  await assertQuiet(t, w);
});

test('Recreate: the old pods are all gone before a new one is created', async (t) => {
  const w = await cluster(t, { strategy: { type: 'Recreate' } }, 3);
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  await w.converge(() => {
    const all = [...w.models.pods.values()].map((p) => p.spec.containers[0].image);
    t.false(all.includes('app:1') && all.includes('app:2'), `old and new pods at once: ${all.join(', ')}`);
  });
  t.deepEqual(images(w), ['app:2', 'app:2', 'app:2']);
  t.like(deployment(w).status, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  await assertQuiet(t, w);
});

test('old ReplicaSets beyond revisionHistoryLimit are deleted once scaled to 0', async (t) => {
  const w = await cluster(t, { revisionHistoryLimit: 1 }, 2);
  await w.converge();
  for (const image of ['app:2', 'app:3', 'app:4']) {
    await w.send('ChangeDeploymentTemplate', { ...KEY, template: template(image) });
    await w.converge();
  }
  const names = [...w.models.replicaSets.values()].map((rs) => rs.meta.name).sort();
  t.deepEqual(names, [`web-${templateHash(template('app:3'))}`, `web-${templateHash(template('app:4'))}`].sort());
  t.deepEqual(images(w), ['app:4', 'app:4']);
  await assertQuiet(t, w);
});

test('a rollback to an earlier template scales its old ReplicaSet back up', async (t) => {
  const w = await cluster(t, {}, 2);
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template() });
  await w.converge();
  t.is(w.models.replicaSets.size, 2);
  t.is(w.models.replicaSets.get(`default.web-${templateHash(template())}`)!.spec.replicas, 2);
  t.deepEqual(images(w), ['app:1', 'app:1']);
  const revisionOf = (image: string) => w.models.replicaSets.get(`default.web-${templateHash(template(image))}`)!.meta.annotations['deployment.kubernetes.io/revision'];
  t.deepEqual([revisionOf('app:1'), revisionOf('app:2'), String(deployment(w).revision)], ['3', '2', '3'], 'the ReplicaSet that is current again is the newest revision, as in Kubernetes');
  await assertQuiet(t, w);
});

const conditionOf = (w: Cluster, type: string) => deployment(w).status.conditions.find((c) => c.type === type);
const rsReplicas = (w: Cluster, image: string) => w.models.replicaSets.get(`default.web-${templateHash(template(image))}`)?.spec.replicas;

test('a paused Deployment is scaled but rolls out no new template until it is resumed', async (t) => {
  const w = await cluster(t, {}, 4);
  await w.converge();
  await w.send('PauseDeployment', KEY);
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  await w.send('ScaleDeployment', { ...KEY, replicas: 6 });
  await w.converge();
  t.deepEqual(images(w), Array(6).fill('app:1'));
  t.is(w.models.replicaSets.size, 1, 'no ReplicaSet for the new template while paused');
  t.like(conditionOf(w, 'Progressing'), { status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
  t.like(deployment(w).status, { updatedReplicas: 0, availableReplicas: 6, observedGeneration: 4 });
  await assertQuiet(t, w);

  await w.send('ResumeDeployment', KEY);
  await w.converge();
  t.deepEqual(images(w), Array(6).fill('app:2'));
  t.like(conditionOf(w, 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable' });
  await assertQuiet(t, w);
});

test('a Deployment created paused gets no ReplicaSet until it is resumed', async (t) => {
  const w = await cluster(t, { paused: true }, 2);
  await w.converge();
  t.is(w.models.replicaSets.size, 0);
  await w.send('ResumeDeployment', KEY);
  await w.converge();
  t.deepEqual(images(w), ['app:1', 'app:1']);
});

test('a rollout paused halfway is scaled in proportion across its ReplicaSets, and finishes when resumed', async (t) => {
  const w = await cluster(t, { strategy: { type: 'RollingUpdate', maxSurge: 2, maxUnavailable: 0 } }, 4);
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  for (let step = 0; step < 2; step++) await w.sendAll(await roundOf(w.dc), w.dc.actor); // create the new ReplicaSet, then surge
  t.deepEqual([rsReplicas(w, 'app:1'), rsReplicas(w, 'app:2')], [4, 2]);

  await w.send('PauseDeployment', KEY);
  await w.send('ScaleDeployment', { ...KEY, replicas: 8 });
  await w.converge();
  t.deepEqual([rsReplicas(w, 'app:1'), rsReplicas(w, 'app:2')], [7, 3], '8 + 2 surge shared 4 : 2, rounded');
  t.is(livePods(w.models).length, 10);
  await assertQuiet(t, w);

  await w.send('ResumeDeployment', KEY);
  await w.converge();
  t.deepEqual(images(w), Array(8).fill('app:2'));
  await assertQuiet(t, w);
});

test("the Deployment's annotations (such as kubernetes.io/change-cause) are copied to its newest ReplicaSet, not to older ones", async (t) => {
  const w = await cluster(t, {}, 2);
  const cause = (text: string) => ({ kind: 'Deployment' as const, ...KEY, set: { 'kubernetes.io/change-cause': text }, remove: [] });
  await w.send('ChangeAnnotations', cause('first'));
  await w.converge();
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  await w.send('ChangeAnnotations', cause('to app:2'));
  await w.converge();
  const causeOf = (image: string) => w.models.replicaSets.get(`default.web-${templateHash(template(image))}`)!.meta.annotations['kubernetes.io/change-cause'];
  t.deepEqual([causeOf('app:1'), causeOf('app:2')], ['first', 'to app:2']);
  t.is(w.models.replicaSets.get(`default.web-${templateHash(template('app:2'))}`)!.meta.annotations['deployment.kubernetes.io/revision'], '2');
  await assertQuiet(t, w);
});

test('a Deployment deleted with --cascade=orphan and applied again adopts its old ReplicaSet instead of making a second one', async (t) => {
  const w = await cluster(t, {}, 3);
  await w.converge();
  const rsName = `web-${templateHash(template())}`;
  const podsBefore = livePods(w.models).map((p) => p.meta.name).sort();
  await w.send('OrphanReplicaSet', { ...KEY, name: rsName, ownerUid: 'uid-web' });
  await w.send('DeleteDeployment', KEY);
  t.deepEqual(w.models.replicaSets.get(`default.${rsName}`)!.meta.ownerReferences, []);

  await w.send('CreateDeployment', deploymentData('web', 3, { meta: { ...deploymentData('web', 3).meta, uid: 'uid-web-2' } }));
  await w.converge();
  t.like(w.models.replicaSets.get(`default.${rsName}`)!.meta.ownerReferences, [{ kind: 'Deployment', name: 'web', uid: 'uid-web-2', controller: true }]);
  t.is(w.models.replicaSets.size, 1);
  t.deepEqual(livePods(w.models).map((p) => p.meta.name).sort(), podsBefore, 'the same pods run on');
  t.like(deployment(w).status, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  await assertQuiet(t, w);
});

test('with minReadySeconds, pods count as available only once ready that long, and a rolling update waits for them', async (t) => {
  const now = { ms: Date.parse(AT) };
  // Given a Deployment of 2 (maxSurge 1, maxUnavailable 0) with minReadySeconds 30, its pods ready at AT
  const w = await cluster(t, { minReadySeconds: 30 }, 2, { nowMs: () => now.ms });
  await w.converge();
  t.like(deployment(w).status, { readyReplicas: 2, availableReplicas: 0 });
  t.is(w.dc.requeueAfterMs!('default.web'), 30_000, 'the controller looks again when they become available');
  // When 30 s have passed, then they are available
  now.ms += 30_000;
  await w.converge();
  t.like(deployment(w).status, { readyReplicas: 2, availableReplicas: 2 });
  // When the template changes, the new pod is ready but not available: no old pod goes
  await w.send('ChangeDeploymentTemplate', { ...KEY, template: template('app:2') });
  await w.converge();
  t.deepEqual(images(w), ['app:1', 'app:1', 'app:2']);
  t.is(readyCount(w), 3);
  // Then each 30 s one more step of the rollout is taken, until only new pods are left
  let steps = 0;
  while (images(w).some((image) => image === 'app:1') && steps++ < 10) {
    now.ms += 30_000;
    await w.converge();
  }
  t.deepEqual(images(w), ['app:2', 'app:2']);
  t.is(steps, 2, 'one step per new pod that became available');
  now.ms += 30_000;
  await w.converge();
  t.like(deployment(w).status, { updatedReplicas: 2, availableReplicas: 2 });
});

test('a changed minReadySeconds reaches the Deployment\'s newest ReplicaSet', async (t) => {
  const w = await cluster(t, {}, 2);
  await w.converge();
  await w.send('ChangeDeploymentMinReadySeconds', { ...KEY, minReadySeconds: 15 });
  await w.converge();
  const [rs] = [...w.models.replicaSets.values()];
  t.is(rs.spec.minReadySeconds, 15);
  await assertQuiet(t, w);
});
