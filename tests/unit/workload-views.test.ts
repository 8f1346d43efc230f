import test from 'ava';
import { commandHandler } from '../../application/commands/handle-command.js';
import { ReadModels, changesOf } from '../../application/projections/read-models.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';

const ids = new UuidIds();
const container = { name: 'web', image: 'nginx', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 1024 } }, volumeMounts: [] };
const spec = { containers: [container], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 };
const owner = { kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true };
const meta = (name: string) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, annotations: {}, ownerReferences: [owner] });

async function world() {
  const store = new MemoryEventStore();
  const models = new ReadModels();
  const handle = commandHandler(store, ids);
  const send = async (type: string, data: object) => {
    await handle({ type, data, metadata: { commandId: ids.newId(), actor: 'kubernetes-admin', at: '2026-11-27T10:00:00.000Z' } } as Command);
    for (const event of await store.readAll(models.position, 1000)) models.apply(event);
  };
  return { models, send };
}

test('pod views follow the pod stream, with indexes by node, owner and namespace', async (t) => {
  const { models, send } = await world();
  await send('CreatePod', { meta: meta('web-1'), spec });
  await send('CreatePod', { meta: meta('web-2'), spec });
  await send('BindPod', { namespace: 'default', name: 'web-1', nodeName: 'w1' });
  t.like(models.pods.get('default.web-1'), { status: 'bound', nodeName: 'w1' });
  t.like(models.pods.get('default.web-2'), { status: 'pending' });
  t.deepEqual([...models.podIndex.byNode.get('w1')!], ['default.web-1']);
  t.deepEqual([...models.podIndex.byOwner.get('rs-uid')!].sort(), ['default.web-1', 'default.web-2']);
  t.is(models.podIndex.byNamespace.get('default')!.size, 2);
  await send('DeletePod', { namespace: 'default', name: 'web-2' });
  t.false(models.pods.has('default.web-2'));
  t.deepEqual([...models.podIndex.byOwner.get('rs-uid')!], ['default.web-1']);
});

test('changes name the kind, the key and the watch event type', async (t) => {
  const { models, send } = await world();
  const seen: string[] = [];
  changesOf(models, 'Pod').subscribe((c) => seen.push(`${c.type} ${c.key} ${c.view.status}`));
  await send('CreatePod', { meta: meta('web-1'), spec });
  await send('BindPod', { namespace: 'default', name: 'web-1', nodeName: 'w1' });
  await send('DeletePod', { namespace: 'default', name: 'web-1', gracePeriodSeconds: 0 });
  t.deepEqual(seen, ['ADDED default.web-1 pending', 'MODIFIED default.web-1 bound', 'DELETED default.web-1 bound']);
});

test('namespaces show their phase; ReplicaSets their spec and resourceVersion', async (t) => {
  const { models, send } = await world();
  await send('CreateNamespace', { meta: { name: 'team-a', uid: 'ns-1', labels: {} } });
  await send('DeleteNamespace', { name: 'team-a' });
  t.like(models.namespaces.get('team-a'), { phase: 'Terminating' });
  const template = { labels: { app: 'web' }, annotations: {}, spec };
  await send('CreateReplicaSet', { meta: { ...meta('web-abc'), ownerReferences: [] }, replicas: 3, selector: [{ key: 'app', operator: 'In', values: ['web'] }], template });
  await send('ScaleReplicaSet', { namespace: 'default', name: 'web-abc', replicas: 5 });
  t.is(models.replicaSets.get('default.web-abc')!.spec.replicas, 5);
  t.is(models.replicaSets.get('default.web-abc')!.resourceVersion, models.position);
});
