import test from 'ava';
import { base64, configMapManifest, holdings, secretManifest, serviceApi, serviceManifest } from '../support/service-api.js';
import { MERGE, podManifest } from '../support/workload-api.js';

const NS = '/api/v1/namespaces/shop';

test('dryRun=All on every write of every kind answers the object as it would be and appends nothing', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const pod = await api.request('POST', `${NS}/pods`, podManifest('web-1'));
  t.is(pod.statusCode, 201, pod.body);
  t.is((await api.request('POST', `${NS}/configmaps`, configMapManifest('settings', { a: '1' }))).statusCode, 201);
  const head = await api.clusterHead();
  const ips = holdings(api, 'clusterips');

  const creates = {
    pods: podManifest('web-2'),
    services: serviceManifest('front', { type: 'NodePort' }),
    configmaps: configMapManifest('other', { b: '2' }),
    secrets: secretManifest('db', { stringData: { password: 'dry-secret-1' } }),
  };
  for (const [plural, manifest] of Object.entries(creates)) {
    const created = await api.request('POST', `${NS}/${plural}?dryRun=All`, manifest);
    t.is(created.statusCode, 201, `${plural}: ${created.body}`);
    t.is(created.json().metadata.name, manifest.metadata.name);
    t.truthy(created.json().metadata.uid, `${plural}: a uid, as kube-apiserver fills it`);
    t.truthy(created.json().metadata.creationTimestamp);
    t.is((await api.request('GET', `${NS}/${plural}/${manifest.metadata.name}`)).statusCode, 404, `${plural}: not created`);
  }
  const service = (await api.request('POST', `${NS}/services?dryRun=All`, serviceManifest('front', { type: 'NodePort' }))).json();
  t.regex(service.spec.clusterIP, /^10\.\d+\.\d+\.\d+$/, 'the ClusterIP it would get');
  t.true(service.spec.ports[0].nodePort >= 30000);
  t.deepEqual(holdings(api, 'clusterips'), ips, 'no address taken');
  const secret = (await api.request('POST', `${NS}/secrets?dryRun=All`, secretManifest('db', { stringData: { password: 'dry-secret-1' } }))).json();
  t.is(secret.data.password, base64('dry-secret-1'));
  const namespace = await api.request('POST', '/api/v1/namespaces?dryRun=All', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dry' } });
  t.is(namespace.statusCode, 201);
  t.is(namespace.json().status.phase, 'Active');

  const patched = await api.request('PATCH', `${NS}/configmaps/settings?dryRun=All`, { data: { a: '9' }, metadata: { labels: { tier: 'x' } } }, MERGE);
  t.is(patched.statusCode, 200, patched.body);
  t.deepEqual(patched.json().data, { a: '9' });
  t.deepEqual(patched.json().metadata.labels, { tier: 'x' });
  const put = await api.request('PUT', `${NS}/configmaps/settings?dryRun=All`, configMapManifest('settings', { z: '1' }));
  t.deepEqual(put.json().data, { z: '1' });
  const invalid = await api.request('PATCH', `${NS}/configmaps/settings?dryRun=All`, { metadata: { labels: { tier: 'not valid!' } } }, MERGE);
  t.is(invalid.statusCode, 422, 'a dry run is validated as for real');

  const deleted = await api.request('DELETE', `${NS}/pods/web-1?dryRun=All`);
  t.is(deleted.statusCode, 200, deleted.body);
  t.is(deleted.json().metadata.name, 'web-1');
  const evicted = await api.request('POST', `${NS}/pods/web-1/eviction?dryRun=All`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1' } });
  t.is(evicted.statusCode, 201, evicted.body);
  t.is((await api.request('DELETE', `${NS}/configmaps/settings?dryRun=All`)).statusCode, 200);
  // kubectl delete --dry-run=server and drain put it in the DeleteOptions of the body.
  t.is((await api.request('DELETE', `${NS}/configmaps/settings`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] })).statusCode, 200);
  const bodyEviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1' }, deleteOptions: { dryRun: ['All'] } };
  t.is((await api.request('POST', `${NS}/pods/web-1/eviction`, bodyEviction)).statusCode, 201);
  t.is((await api.request('DELETE', '/api/v1/namespaces/shop?dryRun=All')).statusCode, 200);

  t.is(await api.clusterHead(), head, 'no dry run appended anything');
  t.deepEqual((await api.request('GET', `${NS}/configmaps/settings`)).json().data, { a: '1' });
  t.is((await api.request('GET', `${NS}/pods/web-1`)).json().metadata.deletionTimestamp, undefined);
  t.is((await api.request('GET', '/api/v1/namespaces/shop')).json().status.phase, 'Active');
});

test('a dryRun other than All is refused as kube-apiserver refuses it, before anything else', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const created = await api.request('POST', `${NS}/configmaps?dryRun=true`, configMapManifest('x', {}));
  t.is(created.statusCode, 422);
  t.like(created.json(), { reason: 'Invalid', details: { kind: 'CreateOptions', group: 'meta.k8s.io', causes: [{ field: 'dryRun', reason: 'FieldValueNotSupported' }] } });
  t.is(created.json().message, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"true"}: supported values: "All"');
  t.is((await api.request('DELETE', `${NS}/configmaps/x?dryRun=Server`)).statusCode, 404, 'a missing object is a 404 first');
  t.is(await api.clusterHead(), head);
});
