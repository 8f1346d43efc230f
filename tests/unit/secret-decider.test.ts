import test from 'ava';
import { secretDecider, type CreateSecret, type SecretCommand } from '../../domain/secret/secret.decide.js';
import { secretStream, type SecretEvent } from '../../domain/secret/secret.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(secretDecider);
const cmd = <C extends SecretCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const objectMeta = { name: 'db-password', namespace: 'default', uid: 'uid-s', labels: {}, annotations: {}, ownerReferences: [] };
const key = { namespace: 'default', name: 'db-password' };
// Ciphertext as the application's encryption would give it: base64, unrelated to the plaintext.
const encryptedData = { password: 'q83vEjRWeJA/3q2+7xI0Vg==' };
const create = (d: Partial<CreateSecret['data']> = {}) => cmd('CreateSecret', { meta: objectMeta, type: 'Opaque', keyId: 'key-1', encryptedData, ...d });
const created: NewEvent<SecretEvent> = { type: 'SecretCreated', data: { meta: { ...objectMeta, creationTimestamp: AT }, type: 'Opaque', keyId: 'key-1', encryptedData } };
const deleted: NewEvent<SecretEvent> = { type: 'SecretDeleted', data: { ...key, keyId: 'key-1' } };

test('a Secret is created with its key id and ciphertext only', (t) => {
  spec(t).given([]).when(create()).then([created]);
  t.is(secretStream('default', 'db-password'), 'secret-default.db-password');
});

test('keys must be config keys; values must be base64 ciphertext; type and key id are required', (t) => {
  spec(t).given([]).when(create({ encryptedData: { 'pass word': 'AA==' } }))
    .thenThrows('Invalid', /^Secret "db-password" is invalid: data\[pass word\]: Invalid value: "pass word": a valid config key/);
  spec(t).given([]).when(create({ encryptedData: { password: 'hunter2!' } })).thenThrows('Invalid', /data\[password\]: Invalid value: must be base64 ciphertext/);
  spec(t).given([]).when(create({ type: '' as 'Opaque' })).thenThrows('Invalid', /type: Required value/);
  spec(t).given([]).when(create({ keyId: '' })).thenThrows('Invalid', /keyId: Required value/);
});

test('built-in types need their keys, as Kubernetes requires', (t) => {
  spec(t).given([]).when(create({ type: 'kubernetes.io/tls', encryptedData: { 'tls.crt': 'AA==' } })).thenThrows('Invalid', /data\[tls.key\]: Required value/);
  spec(t).given([]).when(create({ type: 'kubernetes.io/dockerconfigjson', encryptedData: {} })).thenThrows('Invalid', /data\[.dockerconfigjson\]: Required value/);
  spec(t).given([]).when(create({ type: 'kubernetes.io/basic-auth', encryptedData: {} })).thenThrows('Invalid', /data\[username\]: Required value, data\[password\]: Required value/);
  spec(t).given([]).when(create({ type: 'kubernetes.io/service-account-token' }))
    .thenThrows('Invalid', /metadata.annotations\[kubernetes.io\/service-account.name\]: Required value/);
  const tls = { 'tls.crt': 'AA==', 'tls.key': 'AQ==' };
  spec(t).given([]).when(create({ type: 'kubernetes.io/tls', encryptedData: tls }))
    .then([{ ...created, data: { ...created.data, type: 'kubernetes.io/tls', encryptedData: tls } }]);
});

test('replacing data records the new ciphertext; the same ciphertext appends nothing', (t) => {
  const next = { password: 'c2FsdGVkIGNpcGhlcg==' };
  spec(t).given([created]).when(cmd('ReplaceSecretData', { ...key, keyId: 'key-1', encryptedData: next }))
    .then([{ type: 'SecretDataChanged', data: { ...key, keyId: 'key-1', encryptedData: next } }]);
  spec(t).given([created]).when(cmd('ReplaceSecretData', { ...key, keyId: 'key-1', encryptedData })).then([]);
  spec(t).given([created, { type: 'SecretDataChanged', data: { ...key, keyId: 'key-1', encryptedData: next } }])
    .when(cmd('ReplaceSecretData', { ...key, keyId: 'key-1', encryptedData: next })).then([]);
  spec(t).given([]).when(cmd('ReplaceSecretData', { ...key, keyId: 'key-1', encryptedData })).thenThrows('NotFound', /^secrets "db-password" not found$/);
});

test('the type and the key of a living secret never change', (t) => {
  spec(t).given([created]).when(cmd('ReplaceSecretData', { ...key, keyId: 'key-2', encryptedData }))
    .thenThrows('Invalid', /keyId: Invalid value: "key-2": field is immutable/);
  spec(t).given([created]).when(cmd('ReplaceSecretData', { ...key, keyId: 'key-1', encryptedData, type: 'kubernetes.io/tls' }))
    .thenThrows('Invalid', /type: Invalid value: "kubernetes.io\/tls": field is immutable/);
});

test('deletion names the key to destroy; a destroyed key is never used again', (t) => {
  spec(t).given([created]).when(cmd('DeleteSecret', key)).then([deleted]);
  spec(t).given([created, deleted]).when(cmd('DeleteSecret', key)).thenThrows('NotFound');
  spec(t).given([created, deleted]).when(create()).thenThrows('Invalid', /keyId: Invalid value: "key-1": this key was destroyed/);
  const again: NewEvent<SecretEvent> = { ...created, data: { ...created.data, keyId: 'key-2' } };
  spec(t).given([created, deleted]).when(create({ keyId: 'key-2' })).then([again]);
  spec(t).given([created, deleted, again, { type: 'SecretDeleted', data: { ...key, keyId: 'key-2' } }]).when(create({ keyId: 'key-1' }))
    .thenThrows('Invalid', /"key-1": this key was destroyed/);
});

test('a Secret exists once', (t) => {
  spec(t).given([created]).when(create({ keyId: 'key-9' })).thenThrows('AlreadyExists', /^secrets "db-password" already exists$/);
});
