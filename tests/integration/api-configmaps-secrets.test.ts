import test from 'ava';
import { base64, configMapManifest, secretManifest, serviceApi, serviceManifest } from '../support/service-api.js';
import { eventually } from '../support/processes.js';
import { LAST_APPLIED, MERGE, STRATEGIC, TABLE, watchLines } from '../support/workload-api.js';
import type { Api } from '../support/workload-api.js';

/** ConfigMaps, Secrets and Endpoints over the Kubernetes REST API (in process, no reconcilers). */

const CONFIGMAPS = '/api/v1/namespaces/shop/configmaps';
const SECRETS = '/api/v1/namespaces/shop/secrets';
const PASSWORD = 'correct-horse-battery-staple-42';

const logText = async (api: Api) => JSON.stringify(await api.store.readAll(0, 100_000));

test('a ConfigMap is created, listed with its DATA count, patched, replaced, watched and deleted', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const watching = watchLines(`${address}${CONFIGMAPS}?watch=true&resourceVersion=${await api.store.headPosition()}`, 3);
  const created = await api.request('POST', CONFIGMAPS, configMapManifest('app', { 'app.properties': 'a=1\n', mode: 'fast' }, { binaryData: { logo: base64('png') } }));
  t.is(created.statusCode, 201, created.body);
  t.like(created.json(), { kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' }, data: { mode: 'fast' }, binaryData: { logo: base64('png') } });
  const table = (await api.request('GET', '/api/v1/configmaps', undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Data', 'Age']);
  t.deepEqual(table.rows[0].cells.slice(0, 2), ['app', 3]);

  const patched = await api.request('PATCH', `${CONFIGMAPS}/app`, { data: { mode: 'slow', 'app.properties': null } }, STRATEGIC);
  t.is(patched.statusCode, 200, patched.body);
  t.deepEqual(patched.json().data, { mode: 'slow' });
  const put = await api.request('PUT', `${CONFIGMAPS}/app`, { ...(patched.json() as object), data: { only: 'one' }, binaryData: undefined });
  t.is(put.statusCode, 200, put.body);
  t.deepEqual([put.json().data, put.json().binaryData], [{ only: 'one' }, undefined]);
  // Each write records its manager's fields when they change (the PUT's new key is a field its writer now owns).
  t.deepEqual((await api.store.readStream('configmap-shop.app')).map((e) => e.type), ['ConfigMapCreated', 'ManagedFieldsChanged', 'ConfigMapDataChanged', 'ConfigMapDataChanged', 'ManagedFieldsChanged']);

  const head = await api.clusterHead();
  const badKey = await api.request('PATCH', `${CONFIGMAPS}/app`, { data: { 'no/slash': 'x' } }, MERGE);
  t.is(badKey.statusCode, 422);
  t.like(badKey.json(), { reason: 'Invalid', details: { kind: 'ConfigMap', causes: [{ field: 'data[no/slash]' }] } });
  const unknown = await api.request('POST', CONFIGMAPS, { ...configMapManifest('x', {}), immutable: true });
  t.is(unknown.statusCode, 400);
  t.regex(unknown.json().message, /strict decoding error: unknown field "immutable"/);
  t.is(await api.clusterHead(), head, 'nothing appended');

  const deleted = await api.request('DELETE', `${CONFIGMAPS}/app`);
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'app', kind: 'configmaps' } });
  t.is((await api.request('GET', `${CONFIGMAPS}/app`)).statusCode, 404);
  t.deepEqual((await watching).map((l) => l.type), ['ADDED', 'MODIFIED', 'MODIFIED']);
});

test('a Secret takes data and stringData, serves its values base64, never appends them in the clear, and is unreadable once deleted', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const manifest = secretManifest('db', { data: { user: base64('admin') }, stringData: { password: PASSWORD } });
  const applied = { ...manifest, metadata: { ...manifest.metadata, annotations: { [LAST_APPLIED]: JSON.stringify(manifest) } } };
  const created = await api.request('POST', SECRETS, applied);
  t.is(created.statusCode, 201, created.body);
  t.like(created.json(), { kind: 'Secret', type: 'Opaque', data: { user: base64('admin'), password: base64(PASSWORD) } });
  t.is(created.json().metadata.annotations[LAST_APPLIED], JSON.stringify(manifest), 'kubectl gets its last-applied record back');
  t.is(created.json().stringData, undefined);

  const table = (await api.request('GET', SECRETS, undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Type', 'Data', 'Age']);
  t.deepEqual(table.rows[0].cells.slice(0, 3), ['db', 'Opaque', 2]);
  t.deepEqual((await api.request('GET', '/api/v1/secrets?fieldSelector=type%3DOpaque')).json().items.map((s: { data: object }) => s.data),
    [{ user: base64('admin'), password: base64(PASSWORD) }]);

  const reapplied = JSON.stringify(secretManifest('db', { stringData: { password: 'new-password-99' } }));
  const patched = await api.request('PATCH', `${SECRETS}/db`, { metadata: { annotations: { [LAST_APPLIED]: reapplied } }, stringData: { password: 'new-password-99' } }, MERGE);
  t.is(patched.statusCode, 200, patched.body);
  t.is(patched.json().data.password, base64('new-password-99'));
  t.is(patched.json().metadata.annotations[LAST_APPLIED], reapplied, 'a later apply records its manifest, sealed like the values');
  const head = await api.clusterHead();
  const type = await api.request('PATCH', `${SECRETS}/db`, { type: 'example.com/token' }, MERGE);
  t.is(type.statusCode, 422);
  t.regex(type.json().message, /type: Invalid value: "example.com\/token": field is immutable/);
  const notBase64 = await api.request('POST', SECRETS, secretManifest('bad', { data: { key: 'not base64!' } }));
  t.is(notBase64.statusCode, 422);
  t.like(notBase64.json(), { details: { causes: [{ field: 'data[key]', message: 'Invalid value: must be base64' }] } });
  const tls = await api.request('POST', SECRETS, secretManifest('cert', { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } }));
  t.is(tls.statusCode, 422);
  t.like(tls.json(), { details: { causes: [{ field: 'data[tls.key]', message: 'Required value' }] } });
  t.is(await api.clusterHead(), head, 'nothing appended');

  const log = await logText(api);
  for (const value of [PASSWORD, base64(PASSWORD), 'new-password-99', base64('new-password-99'), base64('admin')]) t.false(log.includes(value), `${value} is not in the log`);
  t.true(log.includes('"db"'), 'the secret itself is');

  const keyId = api.models.secrets.get('shop.db')!.keyId;
  const deleted = await api.request('DELETE', `${SECRETS}/db`);
  t.like(deleted.json(), { kind: 'Status', status: 'Success', details: { name: 'db', kind: 'secrets' } });
  t.is((await api.request('GET', `${SECRETS}/db`)).statusCode, 404);
  // The key is destroyed by a subscriber of the read models, after the DELETE has been answered.
  const decrypted = () => api.secretKeys.decrypt(keyId, 'AAAA').then(() => 'still readable', (error: Error) => error.message);
  t.regex(await eventually(decrypted, (outcome) => /has been destroyed/.test(outcome), 5_000, 20), /has been destroyed/);
  const again = await api.request('POST', SECRETS, secretManifest('db', { stringData: { password: 'third' } }));
  t.is(again.statusCode, 201);
  t.is(again.json().data.password, base64('third'), 'a new secret of the same name has a key of its own');
});

test('Endpoints (and their EndpointSlices) are read (list, Table, one) but never written through the API', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  await api.request('POST', '/api/v1/namespaces/shop/services', serviceManifest('web'));
  const address = (ip: string, name: string) => ({ ip, nodeName: 'node-1', targetRef: { kind: 'Pod', name, uid: `uid-${name}` } });
  await api.admin('SetEndpoints', {
    namespace: 'shop', name: 'web',
    subsets: [{ addresses: ['10.244.0.5', '10.244.0.6', '10.244.0.7', '10.244.0.8'].map((ip, i) => address(ip, `web-${i}`)), notReadyAddresses: [], ports: [{ port: 8080, protocol: 'TCP' }] }],
  });
  const one = (await api.request('GET', '/api/v1/namespaces/shop/endpoints/web')).json();
  t.like(one, { kind: 'Endpoints', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } });
  t.deepEqual(one.subsets[0].addresses[0], { ip: '10.244.0.5', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'uid-web-0' } });
  t.deepEqual(one.subsets[0].ports, [{ port: 8080, protocol: 'TCP' }]);
  const table = (await api.request('GET', '/api/v1/endpoints', undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Endpoints', 'Age']);
  t.deepEqual(table.rows[0].cells.slice(0, 2), ['web', '10.244.0.5:8080,10.244.0.6:8080,10.244.0.7:8080 + 1 more...']);
  const slices = (await api.request('GET', '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb')).json();
  t.is(slices.kind, 'EndpointSliceList');
  t.like(slices.items[0], { kind: 'EndpointSlice', addressType: 'IPv4', ports: [{ port: 8080, protocol: 'TCP' }] });
  t.deepEqual(slices.items[0].endpoints[0], {
    addresses: ['10.244.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-1',
    targetRef: { kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'uid-web-0' },
  });
  const head = await api.clusterHead();
  for (const [method, url] of [['POST', '/api/v1/namespaces/shop/endpoints'], ['PATCH', '/api/v1/namespaces/shop/endpoints/web'], ['DELETE', '/api/v1/namespaces/shop/endpoints/web']]) {
    const refused = await api.request(method, url, { metadata: { name: 'web' } }, method === 'PATCH' ? MERGE : {});
    t.is(refused.statusCode, 405, `${method} ${url}`);
    t.regex(refused.json().message, /endpoints are kept by the endpoints controller/);
  }
  t.is(await api.clusterHead(), head);
});

test('a ConfigMap or Secret over 1 MiB is refused naming data or binaryData, and appends nothing', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const tooLong = 'Too long: must have at most 1048576 bytes';

  const configMap = await api.request('POST', CONFIGMAPS, configMapManifest('big', { a: 'x'.repeat(1048577) }));
  const binary = await api.request('POST', CONFIGMAPS, configMapManifest('big', {}, { binaryData: { a: base64('x'.repeat(1048577)) } }));
  const secret = await api.request('POST', SECRETS, secretManifest('big', { data: { a: base64('x'.repeat(1048577)) } }));

  t.like(configMap.json(), { code: 422, message: `ConfigMap "big" is invalid: data: ${tooLong}`, details: { causes: [{ field: 'data', message: tooLong }] } });
  t.like(binary.json(), { code: 422, message: `ConfigMap "big" is invalid: binaryData: ${tooLong}` });
  t.like(secret.json(), { code: 422, message: `Secret "big" is invalid: data: ${tooLong}` });
  t.is(await api.clusterHead(), head);
});
