import test from 'ava';
import { WALL_CLOCK } from '../support/world.js';
import { deploymentController } from '../../application/reconcilers/deployment.js';
import { garbageCollector } from '../../application/reconcilers/garbage-collector.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { deploymentData, roundOf } from '../support/workload-fixtures.js';
import { podMeta, podSpec, world } from '../support/world.js';

async function deploymentWithPods() {
  const w = world();
  const dc = deploymentController(w.models, WALL_CLOCK);
  const rsc = replicaSetController(w.models, w.ids, WALL_CLOCK);
  const gc = garbageCollector(w.models);
  await w.send('CreateDeployment', deploymentData('web', 3));
  await w.settle(dc);
  await w.settle(rsc);
  return { ...w, dc, rsc, gc };
}

test('deleting a Deployment deletes its ReplicaSet, and then its pods (background propagation)', async (t) => {
  const w = await deploymentWithPods();
  t.is(w.models.replicaSets.size, 1);
  t.is(w.models.pods.size, 3);
  t.deepEqual(await roundOf(w.gc), [], 'nothing is orphaned while the Deployment exists');

  await w.send('DeleteDeployment', { namespace: 'default', name: 'web' });
  const first = await roundOf(w.gc);
  t.deepEqual(first.map((c) => c.type), ['DeleteReplicaSet']);
  await w.sendAll(first, w.gc.actor);
  const second = await roundOf(w.gc);
  t.deepEqual(second.map((c) => c.type), ['DeletePod', 'DeletePod', 'DeletePod']);
  await w.sendAll(second, w.gc.actor);
  t.is(w.models.replicaSets.size, 0);
  t.is(w.models.pods.size, 0, 'unbound pods go at once');
  t.deepEqual(await roundOf(w.gc), [], 'run again on unchanged state, it emits nothing');
});

test('an owner recreated under the same name is another object: its predecessor\'s dependents still go', async (t) => {
  const w = await deploymentWithPods();
  const [oldRs] = [...w.models.replicaSets.values()];
  await w.send('DeleteDeployment', { namespace: 'default', name: 'web' });
  await w.send('CreateDeployment', { ...deploymentData('web', 3), meta: { ...deploymentData('web', 3).meta, uid: 'uid-web-2' } });
  const planned = await roundOf(w.gc);
  t.deepEqual(planned, [{ type: 'DeleteReplicaSet', data: { namespace: 'default', name: oldRs.meta.name } }]);
});

test('a pod without owners, or whose owner is of a kind kes does not keep, is left alone', async (t) => {
  const w = world();
  const gc = garbageCollector(w.models);
  await w.send('CreatePod', { meta: podMeta('solo'), spec: podSpec() });
  await w.send('CreatePod', { meta: podMeta('set-pod', { kind: 'StatefulSet', name: 'db', uid: 'uid-db' }), spec: podSpec() });
  t.deepEqual(await roundOf(gc), []);
});

test('a ReplicaSet orphaned before its Deployment is deleted stays, with its pods (orphan propagation)', async (t) => {
  const w = await deploymentWithPods();
  const [rs] = [...w.models.replicaSets.values()];
  await w.send('OrphanReplicaSet', { namespace: 'default', name: rs!.meta.name, ownerUid: 'uid-web' });
  t.deepEqual(w.models.replicaSets.get(`default.${rs!.meta.name}`)!.meta.ownerReferences, []);
  await w.send('DeleteDeployment', { namespace: 'default', name: 'web' });
  t.deepEqual(await roundOf(w.gc), []);
  t.deepEqual(await roundOf(w.rsc), [], 'its controller goes on keeping its pods');
  t.is(w.models.pods.size, 3);
});

test('a dependent whose deletion keeps failing is reported on itself, the kind its key names', async (t) => {
  const w = await deploymentWithPods();
  const [rsKey] = w.models.replicaSets.keys();
  const [podKey] = w.models.pods.keys();
  t.like(w.gc.subjectOf(`ReplicaSet/${rsKey}`), { kind: 'ReplicaSet', namespace: 'default', name: rsKey.slice('default.'.length) });
  t.like(w.gc.subjectOf(`Pod/${podKey}`), { kind: 'Pod', namespace: 'default', name: podKey.slice('default.'.length) });
  t.is(w.gc.subjectOf('Pod/default.gone'), undefined);
});
