import test from 'ava';
import { changesBetween } from '../../application/queries/changes-between.js';
import { actorsBetween, changedFields, differences, type ObjectAtPoint } from '../../application/queries/object-changes.js';
import { kindNamed } from '../../application/queries/streamed-kinds.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { world } from '../support/world.js';
import { ADMIN, CONTROLLER_MANAGER, SCHEDULER } from '../../application/commands/authorize.js';

const APISERVER = 'system:kes-apiserver';

const deployment = (replicas: number, extra: object = {}) => ({
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: String(replicas * 10), labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' }, managedFields: [{ manager: 'kubectl', time: `t${replicas}` }] },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  ...extra,
});
const at = (name: string, object: unknown, namespace = 'shop'): ObjectAtPoint => ({ namespace, name, object });

test('given the same object at both points but for its resourceVersion and managedFields, nothing changed', (t) => {
  t.deepEqual(changedFields(deployment(3), { ...deployment(3), metadata: { ...deployment(3).metadata, resourceVersion: '99', managedFields: [] } }), []);
});

test('given a scaled Deployment, the changed field is spec.replicas', (t) => {
  t.deepEqual(changedFields(deployment(2), deployment(3)), ['spec.replicas']);
});

test('given changes deep in lists and under keys with dots and slashes, each leaf is named by its path', (t) => {
  const before = deployment(2);
  const after = deployment(2, {
    metadata: { ...before.metadata, labels: { app: 'web', 'app.kubernetes.io/part-of': 'store' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }, { name: 'sidecar', image: 'envoy:1' }] } } },
  });
  t.deepEqual(changedFields(before, after), [
    'metadata.labels["app.kubernetes.io/part-of"]',
    'spec.template.spec.containers[?(@.name=="web")].image',
    'spec.template.spec.containers[?(@.name=="sidecar")]',
  ]);
});

test('given keyed lists in another order, items are paired by name or type, not by index', (t) => {
  const before = { status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] }, args: ['a', 'b'] };
  const after = { status: { conditions: [{ type: 'Progressing', status: 'True' }, { type: 'Available', status: 'False' }] }, args: ['b', 'a'] };
  t.deepEqual(changedFields(before, after), ['status.conditions[?(@.type=="Available")].status', 'args[0]', 'args[1]']);
});

test('given a field that appeared and one that went, each is named whole, not leaf by leaf', (t) => {
  const before = { spec: { a: 1 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const after = { spec: { a: 1, strategy: { type: 'Recreate', extra: { x: 1 } } } };
  t.deepEqual(changedFields(before, after), ['spec.strategy', 'status']);
});

test('given the objects of a kind at two points, the differences are those added, removed and changed, by namespace and name', (t) => {
  const before = [at('web', deployment(2)), at('gone', deployment(1)), at('same', deployment(1))];
  const after = [at('web', deployment(3)), at('same', deployment(1)), at('new', deployment(1)), at('web', deployment(1), 'other')];
  t.deepEqual(differences(before, after), [
    { namespace: 'other', name: 'web', change: 'added', fields: [] },
    { namespace: 'shop', name: 'gone', change: 'removed', fields: [] },
    { namespace: 'shop', name: 'new', change: 'added', fields: [] },
    { namespace: 'shop', name: 'web', change: 'changed', fields: ['spec.replicas'] },
  ]);
});

test('given cluster-scoped objects (no namespace), the differences carry none', (t) => {
  const node = (unschedulable: boolean) => ({ name: 'w1', object: { spec: { unschedulable } } });
  t.deepEqual(differences([node(false)], [node(true)]), [{ name: 'w1', change: 'changed', fields: ['spec.unschedulable'] }]);
});

test('given the events of a stream, the actors between two positions are those of the events after the first and up to the second, once each', (t) => {
  const event = (position: number, actor: string) => ({ position, metadata: { actor } }) as RecordedEvent;
  const events = [event(3, 'alice'), event(5, 'system:kes-scheduler'), event(7, 'bob'), event(8, 'system:kes-scheduler'), event(9, 'alice'), event(12, 'carol')];
  t.deepEqual(actorsBetween(events, 3, 9), ['system:kes-scheduler', 'bob', 'alice']);
  t.deepEqual(actorsBetween(events, 12, 20), []);
});

test('given a log of ConfigMap commands by several actors, changesBetween lists what each pair of points differs by and who did it', async (t) => {
  const w = world();
  const meta = (name: string) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });
  await w.send('CreateConfigMap', { meta: meta('settings'), data: { LOG_LEVEL: 'info' } }, ADMIN);
  await w.send('CreateConfigMap', { meta: meta('old'), data: { A: '1' } }, ADMIN);
  const first = w.models.position;
  await w.send('ReplaceConfigMapData', { namespace: 'default', name: 'settings', data: { LOG_LEVEL: 'debug' } }, CONTROLLER_MANAGER);
  await w.send('ReplaceConfigMapData', { namespace: 'default', name: 'settings', data: { LOG_LEVEL: 'debug', EXTRA: 'x' } }, SCHEDULER);
  await w.send('DeleteConfigMap', { namespace: 'default', name: 'old' }, CONTROLLER_MANAGER);
  await w.send('CreateConfigMap', { meta: meta('new'), data: {} }, APISERVER);
  const last = w.models.position;
  const objects = async (models: typeof w.models) =>
    [...models.configMaps.values()].map((v) => ({ namespace: v.meta.namespace, name: v.meta.name, object: { data: v.data, metadata: { resourceVersion: String(v.resourceVersion) } } }));
  const kind = kindNamed('ConfigMap')!;

  t.deepEqual(await changesBetween(w.store, { kind, objects, from: first, to: last }), [
    { kind: 'ConfigMap', namespace: 'default', name: 'new', change: 'added', fields: [], actors: [APISERVER] },
    { kind: 'ConfigMap', namespace: 'default', name: 'old', change: 'removed', fields: [], actors: [CONTROLLER_MANAGER] },
    { kind: 'ConfigMap', namespace: 'default', name: 'settings', change: 'changed', fields: ['data.LOG_LEVEL', 'data.EXTRA'], actors: [CONTROLLER_MANAGER, SCHEDULER] },
  ]);
  t.deepEqual(await changesBetween(w.store, { kind, objects, from: 0, to: first }), [
    { kind: 'ConfigMap', namespace: 'default', name: 'old', change: 'added', fields: [], actors: [ADMIN] },
    { kind: 'ConfigMap', namespace: 'default', name: 'settings', change: 'added', fields: [], actors: [ADMIN] },
  ]);
  t.deepEqual(await changesBetween(w.store, { kind, objects, from: first, to: last, namespace: 'elsewhere' }), []);
});
