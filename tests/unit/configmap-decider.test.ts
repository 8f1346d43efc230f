import test from 'ava';
import { configMapDecider, type ConfigMapCommand, type CreateConfigMap } from '../../domain/configmap/configmap.decide.js';
import { configMapStream, type ConfigMapEvent } from '../../domain/configmap/configmap.js';
import { utf8Bytes } from '../../domain/shared/object-size.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(configMapDecider);
const cmd = <C extends ConfigMapCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const objectMeta = { name: 'web-config', namespace: 'default', uid: 'uid-cm', labels: {}, annotations: {}, ownerReferences: [] };
const key = { namespace: 'default', name: 'web-config' };
const data = { 'nginx.conf': 'worker_processes 1;', LOG_LEVEL: 'info' };
const create = (d: Partial<CreateConfigMap['data']> = {}) => cmd('CreateConfigMap', { meta: objectMeta, data, ...d });
const created: NewEvent<ConfigMapEvent> = { type: 'ConfigMapCreated', data: { meta: { ...objectMeta, creationTimestamp: AT }, data, binaryData: {} } };

test('a ConfigMap is created; absent binaryData is recorded as empty', (t) => {
  spec(t).given([]).when(create()).then([created]);
  t.is(configMapStream('default', 'web-config'), 'configmap-default.web-config');
});

test('binaryData is kept as base64 and must be base64', (t) => {
  const binaryData = { 'logo.png': 'iVBORw0KGgo=' };
  spec(t).given([]).when(create({ binaryData })).then([{ ...created, data: { ...created.data, binaryData } }]);
  spec(t).given([]).when(create({ binaryData: { 'logo.png': 'not base64!' } })).thenThrows('Invalid', /binaryData\[logo.png\]: Invalid value: must be base64/);
});

test('keys must be valid config keys, with Kubernetes messages', (t) => {
  spec(t).given([]).when(create({ data: { 'a key': 'x' } }))
    .thenThrows('Invalid', /^ConfigMap "web-config" is invalid: data\[a key\]: Invalid value: "a key": a valid config key must consist of alphanumeric characters, '-', '_' or '.'/);
  spec(t).given([]).when(create({ data: { '..data': 'x' } })).thenThrows('Invalid', /data\[..data\]: .*must not start with '..'/);
  spec(t).given([]).when(create({ data: { '.': 'x' } })).thenThrows('Invalid', /must not be '.'/);
  spec(t).given([]).when(create({ data: { ['k'.repeat(254)]: 'x' } })).thenThrows('Invalid', /must be no more than 253 characters/);
  spec(t).given([]).when(create({ data: {}, binaryData: { 'a/b': 'AA==' } })).thenThrows('Invalid', /binaryData\[a\/b\]: Invalid value: "a\/b"/);
  spec(t).given([]).when(create({ data: { '.hidden_file-1': 'x' } })).then([{ ...created, data: { ...created.data, data: { '.hidden_file-1': 'x' } } }]);
});

test('a key may not be in both data and binaryData', (t) => {
  spec(t).given([]).when(create({ binaryData: { LOG_LEVEL: 'AA==' } })).thenThrows('Invalid', /binaryData: Invalid value: "LOG_LEVEL": duplicate of key present in data/);
});

test('data larger than 1 MiB in total is refused; exactly 1 MiB is accepted', (t) => {
  const half = 'x'.repeat(512 * 1024);
  spec(t).given([]).when(create({ data: { a: half, b: half } })).then([{ ...created, data: { ...created.data, data: { a: half, b: half } } }]);
  spec(t).given([]).when(create({ data: { a: half, b: `${half}y` } })).thenThrows('Invalid', /is invalid: data: Too long: must have at most 1048576 bytes$/);
  spec(t).given([]).when(create({ data: { a: half }, binaryData: { b: 'A'.repeat(699052) } }))
    .thenThrows('Invalid', /is invalid: binaryData: Too long: must have at most 1048576 bytes \(data and binaryData together hold 1048577\)$/);
  spec(t).given([]).when(create({ data: {}, binaryData: { b: 'A'.repeat(1398104) } })).thenThrows('Invalid', /is invalid: binaryData: Too long: must have at most 1048576 bytes$/);
});

test('size counts UTF-8 bytes, as Kubernetes does', (t) => {
  t.is(utf8Bytes('abc'), 3);
  t.is(utf8Bytes('é'), 2);
  t.is(utf8Bytes('€'), 3);
  t.is(utf8Bytes('😀'), 4);
  spec(t).given([]).when(create({ data: { a: '€'.repeat(349526) } })).thenThrows('Invalid', /Too long/);
});

test('replacing data records it; equal data appends nothing', (t) => {
  const next = { LOG_LEVEL: 'debug' };
  spec(t).given([created]).when(cmd('ReplaceConfigMapData', { ...key, data: next }))
    .then([{ type: 'ConfigMapDataChanged', data: { ...key, data: next, binaryData: {} } }]);
  spec(t).given([created]).when(cmd('ReplaceConfigMapData', { ...key, data: { LOG_LEVEL: 'info', 'nginx.conf': 'worker_processes 1;' } })).then([]);
  spec(t).given([created]).when(cmd('ReplaceConfigMapData', { ...key, data, binaryData: { x: 'AA==' } }))
    .then([{ type: 'ConfigMapDataChanged', data: { ...key, data, binaryData: { x: 'AA==' } } }]);
  spec(t).given([created]).when(cmd('ReplaceConfigMapData', { ...key, data: { 'bad key': '' } })).thenThrows('Invalid', /data\[bad key\]/);
  spec(t).given([]).when(cmd('ReplaceConfigMapData', { ...key, data })).thenThrows('NotFound', /^configmaps "web-config" not found$/);
});

test('a ConfigMap exists once and is deleted once', (t) => {
  const deleted: NewEvent<ConfigMapEvent> = { type: 'ConfigMapDeleted', data: key };
  spec(t).given([created]).when(create()).thenThrows('AlreadyExists', /configmaps "web-config" already exists/);
  spec(t).given([created]).when(cmd('DeleteConfigMap', key)).then([deleted]);
  spec(t).given([created, deleted]).when(cmd('DeleteConfigMap', key)).thenThrows('NotFound');
  spec(t).given([created, deleted]).when(create()).then([created]);
});
