import test from 'ava';
import { endpointsController } from '../../application/reconcilers/endpoints.js';
import { namespaceController } from '../../application/reconcilers/namespace.js';
import { podGarbageCollector } from '../../application/reconcilers/pod-gc.js';
import { serviceAccountController } from '../../application/reconcilers/service-accounts.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { podMeta, podSpec, world } from '../support/world.js';

/** The last event of a stream, as the store has it: what a reconcile acting on it must name as its cause. */
const lastEvent = async (w: ReturnType<typeof world>, stream: string): Promise<RecordedEvent> => (await w.store.readStream(stream)).at(-1)!;
const service = { meta: { name: 'web', namespace: 'default', uid: 'uid-web', labels: {}, annotations: {}, ownerReferences: [] }, spec: { type: 'ClusterIP', selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] } };

test('given a namespace just created, the ServiceAccount controller\'s commands for it are caused by the NamespaceCreated, in its chain', async (t) => {
  const w = world();
  await w.send('CreateNamespace', { meta: { name: 'team-a', uid: 'ns-a', labels: {} } });
  const created = await lastEvent(w, 'namespace-team-a');
  t.deepEqual(serviceAccountController(w.models, w.ids).causeOf!('team-a'), { causationId: created.id, correlationId: created.metadata.commandId });
});

test('given a namespace being deleted, the namespace controller\'s deletions are caused by its deletion', async (t) => {
  const w = world();
  await w.send('CreateNamespace', { meta: { name: 'team-a', uid: 'ns-a', labels: {} } });
  await w.send('DeleteNamespace', { name: 'team-a' });
  const deleting = await lastEvent(w, 'namespace-team-a');
  t.is(namespaceController(w.models).causeOf!('team-a')?.causationId, deleting.id);
});

test('given a Service and a pod it selects that changed after it, the Endpoints are caused by the pod\'s change; a pod it does not select does not count', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CreateService', service);
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  await w.send('CreatePod', { meta: { ...podMeta('other'), labels: { app: 'db' } }, spec: podSpec(100) });
  const selected = await lastEvent(w, 'pod-default.a');
  t.is(endpointsController(w.models).causeOf!('default.web')?.causationId, selected.id);
});

test('given a node deleted under its pods, the pod garbage collector confirms them deleted for the node\'s deletion', async (t) => {
  const w = world();
  await w.addNode('w1');
  await w.send('CreatePod', { meta: podMeta('a'), spec: podSpec(100, { nodeName: 'w1' }) });
  await w.send('DeleteNode', { name: 'w1' });
  const gone = await lastEvent(w, 'node-w1');
  t.is(podGarbageCollector(w.models).causeOf!('default.a')?.causationId, gone.id);
});
