import test from 'ava';
import { WALL_CLOCK } from '../support/world.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { world } from '../support/world.js';
import { livePods, replicaSetData, roundOf, template } from '../support/workload-fixtures.js';

async function withReplicaSet(replicas: number) {
  const w = world();
  const rsc = replicaSetController(w.models, w.ids, WALL_CLOCK);
  await w.send('CreateReplicaSet', replicaSetData('web', replicas));
  return { ...w, rsc };
}

const names = (w: { models: Parameters<typeof livePods>[0] }) => livePods(w.models).map((p) => p.meta.name).sort();
const readyCondition = [{ type: 'Ready', status: 'True' }];

test('a ReplicaSet of 3 gets 3 pods from its template, each with a generated name and a uid of its own', async (t) => {
  const w = await withReplicaSet(3);
  const sent = await w.settle(w.rsc);
  t.is(sent.filter((c) => c.type === 'CreatePod').length, 3);
  const pods = livePods(w.models);
  t.is(pods.length, 3);
  for (const pod of pods) {
    t.regex(pod.meta.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    t.deepEqual(pod.meta.ownerReferences, [{ kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true }]);
    t.deepEqual(pod.meta.labels, { app: 'web' });
    t.is(pod.spec.containers[0].image, 'app:1');
  }
  t.like(w.models.replicaSets.get('default.web')!.status, { replicas: 3, readyReplicas: 0, observedGeneration: 1 });
  t.deepEqual(await roundOf(w.rsc), [], 'a second run on unchanged state emits nothing');
  t.deepEqual(await w.settle(w.rsc), [], 'and a second settle creates nothing');
  t.is(new Set(pods.map((p) => p.meta.uid)).size, 3);
  for (const pod of pods) t.regex(pod.meta.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('the commands of one run, sent twice, create each pod once', async (t) => {
  const w = await withReplicaSet(2);
  const planned = await roundOf(w.rsc);
  await w.sendAll(planned, w.rsc.actor);
  const retried = planned.filter((c) => c.type === 'CreatePod');
  for (const c of retried) await t.throwsAsync(w.send(c.type, c.data as object, w.rsc.actor), { message: /already exists/ });
  t.is(w.models.pods.size, 2);
});

test('scaling down deletes unscheduled pods first, then not-ready ones, then the newest ready ones', async (t) => {
  const w = await withReplicaSet(5);
  await w.addNode('n1');
  await w.settle(w.rsc);
  const [unscheduled, notReady, ...readyPods] = names(w);
  await w.send('BindPod', { namespace: 'default', name: notReady, nodeName: 'n1' });
  for (const name of readyPods) {
    await w.send('BindPod', { namespace: 'default', name, nodeName: 'n1' });
    const report = { namespace: 'default', name, nodeName: 'n1', phase: 'Running', conditions: readyCondition, containerStatuses: [] };
    await w.send('ReportPodStatus', report, 'system:node:n1');
  }
  await w.settle(w.rsc);
  t.like(w.models.replicaSets.get('default.web')!.status, { replicas: 5, readyReplicas: 3, availableReplicas: 3 });

  await w.send('ScaleReplicaSet', { namespace: 'default', name: 'web', replicas: 2 });
  const sent = await w.settle(w.rsc);
  const deleted = sent.filter((c) => c.type === 'DeletePod').map((c) => (c.data as { name: string }).name);
  t.deepEqual(deleted.slice(0, 2), [unscheduled, notReady]);
  t.is(deleted.length, 3);
  t.false(w.models.pods.has(`default.${unscheduled}`), 'an unbound pod goes at once');
  t.is(w.models.pods.get(`default.${notReady}`)!.status, 'terminating', 'a bound one waits for its kubelet');
  t.is(livePods(w.models).length, 2);
  t.true(livePods(w.models).every((p) => readyPods.includes(p.meta.name)));
  t.like(w.models.replicaSets.get('default.web')!.status, { replicas: 2, readyReplicas: 2, observedGeneration: 2 });
  t.deepEqual(await roundOf(w.rsc), []);
});

test('a deleted pod is replaced by a new incarnation (name and uid of its own); a terminating one is replaced at once', async (t) => {
  const w = await withReplicaSet(3);
  await w.addNode('n1');
  await w.settle(w.rsc);
  const before = names(w);
  const uids = new Set(livePods(w.models).map((p) => p.meta.uid));
  await w.send('DeletePod', { namespace: 'default', name: before[0], gracePeriodSeconds: 0 });
  t.is(livePods(w.models).length, 2);
  await w.settle(w.rsc);
  const [replacement] = livePods(w.models).filter((p) => !before.includes(p.meta.name));
  t.truthy(replacement, 'the replacement has a new name, so a client waiting for the old pod to go (kubectl drain) sees it gone');
  t.false(uids.has(replacement.meta.uid));
  t.is(livePods(w.models).length, 3);

  await w.send('BindPod', { namespace: 'default', name: before[1], nodeName: 'n1' });
  await w.send('DeletePod', { namespace: 'default', name: before[1] });
  const sent = await w.settle(w.rsc);
  t.is(sent.filter((c) => c.type === 'CreatePod').length, 1);
  t.is(livePods(w.models).length, 3);
  t.false(names(w).includes(before[1]), 'the terminating pod still holds its name, so the replacement takes another');
  t.deepEqual(await roundOf(w.rsc), []);
});

test('pod changes wake the owning ReplicaSet', async (t) => {
  const w = await withReplicaSet(1);
  const woken: string[] = [];
  const subscription = w.rsc.triggers.subscribe((key) => woken.push(key));
  t.teardown(() => subscription.unsubscribe());
  await w.settle(w.rsc);
  const [pod] = names(w);
  woken.length = 0;
  await w.send('DeletePod', { namespace: 'default', name: pod, gracePeriodSeconds: 0 });
  t.deepEqual(woken, ['default.web']);
});

test('a pod relabelled out of the selector is released, keeps running without an owner, and is replaced', async (t) => {
  const w = await withReplicaSet(2);
  await w.settle(w.rsc);
  const [strayed] = names(w);
  await w.send('ChangeLabels', { kind: 'Pod', namespace: 'default', name: strayed, set: { app: 'debug' }, remove: [] });
  const sent = await w.settle(w.rsc);
  t.deepEqual(sent.filter((c) => c.type === 'OrphanPod').map((c) => (c.data as { name: string }).name), [strayed]);
  t.deepEqual(w.models.pods.get(`default.${strayed}`)!.meta.ownerReferences, [], 'released, not deleted');
  const owned = livePods(w.models).filter((p) => p.meta.ownerReferences.length > 0);
  t.is(owned.length, 2, 'a new pod replaces it');
  t.false(owned.some((p) => p.meta.name === strayed));
  t.like(w.models.replicaSets.get('default.web')!.status, { replicas: 2 });
  t.deepEqual(await roundOf(w.rsc), []);
});

test('a pod without a controller that matches the selector is adopted and counted; relabelled back, a released pod is taken in again', async (t) => {
  const w = world();
  const rsc = replicaSetController(w.models, w.ids, WALL_CLOCK);
  const bare = { name: 'handmade', namespace: 'default', uid: 'uid-handmade', labels: { app: 'web' }, annotations: {}, ownerReferences: [] };
  await w.send('CreatePod', { meta: bare, spec: template().spec });
  await w.send('CreateReplicaSet', replicaSetData('web', 2));
  const sent = await w.settle(rsc);
  t.deepEqual(sent.filter((c) => c.type === 'AdoptPod').map((c) => (c.data as { name: string }).name), ['handmade']);
  t.is(sent.filter((c) => c.type === 'CreatePod').length, 1, 'only one more pod is needed');
  t.like(w.models.pods.get('default.handmade')!.meta.ownerReferences, [{ kind: 'ReplicaSet', name: 'web', controller: true }]);
  t.is(livePods(w.models).length, 2);

  await w.send('ChangeLabels', { kind: 'Pod', namespace: 'default', name: 'handmade', set: { app: 'debug' }, remove: [] });
  await w.settle(rsc);
  t.deepEqual(w.models.pods.get('default.handmade')!.meta.ownerReferences, []);
  await w.send('ChangeLabels', { kind: 'Pod', namespace: 'default', name: 'handmade', set: { app: 'web' }, remove: [] });
  await w.settle(rsc);
  t.is(livePods(w.models).filter((p) => p.meta.ownerReferences.length > 0).length, 2, 're-adopted, and one extra pod deleted');
  t.deepEqual(await roundOf(rsc), []);
});
