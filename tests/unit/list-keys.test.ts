import test from 'ava';
import { applyMerge } from '../../domain/shared/apply-merge.js';
import { listTypeAt } from '../../domain/shared/list-keys.js';
import { droppedFields, fieldSetOf, leaves, pathText, removeFields } from '../../domain/shared/managed-fields.js';
import type { ManagedFieldsEntry } from '../../domain/shared/object-meta.js';

const entry = (manager: string, fieldsV1: Record<string, unknown>): ManagedFieldsEntry =>
  ({ manager, operation: 'Apply', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1 });

const podSpec = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });

test('the list keys of the v1 schemas: containers by name, a container\'s ports by containerPort and protocol, a Service\'s by port and protocol', (t) => {
  t.deepEqual(listTypeAt(['spec', 'template', 'spec', 'containers']), { type: 'map', keys: ['name'] });
  t.deepEqual(listTypeAt(['spec', 'template', 'spec', 'initContainers', 'ports']), { type: 'map', keys: ['containerPort', 'protocol'] });
  t.deepEqual(listTypeAt(['spec', 'ports']), { type: 'map', keys: ['port', 'protocol'] });
  t.deepEqual(listTypeAt(['spec', 'containers', 'volumeMounts']), { type: 'map', keys: ['mountPath'] });
  t.deepEqual(listTypeAt(['metadata', 'finalizers']), { type: 'set' });
  t.deepEqual(listTypeAt(['spec', 'tolerations']), { type: 'atomic' });
  t.deepEqual(listTypeAt(['spec', 'containers', 'envFrom']), { type: 'atomic' });
  t.deepEqual(listTypeAt(['spec', 'containers', 'args']), { type: 'atomic' }, 'a list the table does not name is atomic');
});

test('given a pod spec, its FieldsV1 keys items as kube-apiserver writes them: the protocol defaulted to TCP, finalizers by value, tolerations whole', (t) => {
  const set = fieldSetOf({ ...podSpec({
    containers: [{ name: 'web', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  }), metadata: { name: 'p', finalizers: ['example.com/keep'] } });
  t.deepEqual(set['f:metadata'], { 'f:finalizers': { 'v:"example.com/keep"': {} } });
  const container = (set['f:spec']['f:containers'] as Record<string, Record<string, unknown>>)['k:{"name":"web"}'];
  t.deepEqual(Object.keys(container['f:ports'] as object), ['k:{"containerPort":80,"protocol":"TCP"}', 'k:{"containerPort":53,"protocol":"UDP"}']);
  t.deepEqual(Object.keys(container['f:volumeMounts'] as object), ['k:{"mountPath":"/data"}']);
  t.deepEqual(set['f:spec']['f:tolerations'], {}, 'an atomic list is one leaf');
  const texts = leaves(set).map(pathText);
  t.true(texts.includes('.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort'));
  t.true(texts.includes('.metadata.finalizers[="example.com/keep"]'));
});

test('given an object, when a configuration is applied, then map lists merge item by item by key, sets gain members and atomic lists are replaced', (t) => {
  const current = { metadata: { name: 'p', finalizers: ['a'] }, spec: {
    containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }, { name: 'side', image: 'busybox' }],
    tolerations: [{ key: 'old', operator: 'Exists' }],
  } };
  const merged = applyMerge(current, { metadata: { name: 'p', finalizers: ['b'] }, spec: {
    containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }] }],
    tolerations: [{ key: 'new', operator: 'Exists' }],
  } });
  t.deepEqual(merged, { metadata: { name: 'p', finalizers: ['a', 'b'] }, spec: {
    containers: [
      { name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 80, protocol: 'UDP' }] },
      { name: 'side', image: 'busybox' },
    ],
    tolerations: [{ key: 'new', operator: 'Exists' }],
  } });
});

test('given a manager that applied two env vars, when it applies one, then the other goes whole; unless another manager owns it', (t) => {
  const env = (...names: string[]) => podSpec({ containers: [{ name: 'web', env: names.map((name) => ({ name, value: name.toLowerCase() })) }] });
  const mine = entry('me', fieldSetOf(env('A', 'B')));
  const dropped = droppedFields([mine], 'me', env('A'));
  t.deepEqual(dropped.map(pathText), ['.spec.containers[name="web"].env[name="B"]']);
  t.deepEqual(removeFields(env('A', 'B'), dropped), env('A'), 'the item is removed, not left as {name}');
  const theirs = entry('them', fieldSetOf(env('B')));
  t.deepEqual(droppedFields([mine, theirs], 'me', env('A')).map(pathText), [], 'owned by another manager, it stays');
  const finalizers = (...names: string[]) => ({ metadata: { name: 'p', finalizers: names } });
  const setDropped = droppedFields([entry('me', fieldSetOf(finalizers('x', 'y')))], 'me', finalizers('x'));
  t.deepEqual(removeFields(finalizers('x', 'y'), setDropped), finalizers('x'), 'a set member no longer applied goes');
  const ports = (...items: object[]) => podSpec({ containers: [{ name: 'web', ports: items }] });
  const portDropped = droppedFields([entry('me', fieldSetOf(ports({ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' })))], 'me', ports({ containerPort: 80 }));
  t.deepEqual(removeFields(ports({ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }), portDropped), ports({ containerPort: 80 }), 'the UDP port goes, the TCP one of the same number stays');
});
