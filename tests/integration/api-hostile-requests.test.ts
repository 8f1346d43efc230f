import test from 'ava';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, apiHarness } from '../support/api-harness.js';
import { overLoopback } from '../support/loopback-http.js';
import { twoNodes } from '../support/two-nodes.js';
import { registration } from '../support/node-fixtures.js';

/*
 * Requests no client of the team wrote: names as long as Kubernetes allows, paths that do not decode, bodies in
 * YAML, with a field given twice, with prototype keys, compressed or of the wrong type, and server-side applies
 * naming another object than their URL. Each gets the answer kube-apiserver gives, as a Status saying what was
 * wrong, and a refusal appends nothing.
 */

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const JSON_TYPE = { 'content-type': 'application/json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const configMap = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function withDefaultNamespace() {
  const api = await apiHarness();
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  return api;
}

test('an object with a name of 101 to 253 characters is read, changed and deleted through its URL', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const name = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}`;
  t.is(name.length, 243);
  t.is((await api.request('POST', CONFIGMAPS, configMap(name))).statusCode, 201);
  const read = await api.request('GET', `${CONFIGMAPS}/${name}`);
  t.is(read.statusCode, 200, read.body);
  t.is(read.json().metadata.name, name);
  const changed = await api.request('PUT', `${CONFIGMAPS}/${name}`, configMap(name, { a: '2' }));
  t.is(changed.statusCode, 200, changed.body);
  t.deepEqual(changed.json().data, { a: '2' });
  t.is((await api.request('DELETE', `${CONFIGMAPS}/${name}`)).statusCode, 200);
  t.is((await api.request('GET', `${CONFIGMAPS}/${name}`)).statusCode, 404);
});

test('a path segment longer than any name, or a path that does not percent-decode, is a Status, not the router\'s own error body', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const long = await api.request('GET', `${CONFIGMAPS}/${'a'.repeat(5000)}`);
  t.is(long.statusCode, 404);
  t.like(long.json(), { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  t.regex(long.json().message, /longer than 2048 characters/);
  const undecodable = await api.request('GET', `${CONFIGMAPS}/a%zzb`);
  t.is(undecodable.statusCode, 400);
  t.like(undecodable.json(), { kind: 'Status', reason: 'BadRequest', code: 400 });
  t.regex(undecodable.json().message, /is not a valid URL: a '%' must start a percent-encoded byte/);
});

test('namespaces/{name}/status is authorized as the Namespace\'s status subresource, not as a resource "status" in that namespace', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const spec = api.app.routeTable.find((r) => r.method === 'PUT' && r.url === '/api/v1/namespaces/:name/status')?.spec;
  t.deepEqual(spec, { apiGroup: '', resource: 'namespaces', namespace: ':name', name: ':name', subresource: 'status' });
  const refused = await api.request('PUT', '/api/v1/namespaces/default/status', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, { authorization: identities['node-a'] });
  t.is(refused.statusCode, 403);
  t.regex(refused.json().message, /namespaces "default" is forbidden: User "system:node:node-a" cannot update resource "namespaces\/status"/);
  t.like(refused.json().details, { name: 'default', kind: 'namespaces' });
  t.is((await api.request('GET', '/api/v1/namespaces/default/status', undefined, { authorization: identities['node-a'] })).statusCode, 200);
});

test('a server-side apply to a name that does not exist yet, whose body names another object, is a 400 and creates neither', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const head = await api.clusterHead();
  for (const [url, body] of [
    [`${CONFIGMAPS}/asked?fieldManager=m`, configMap('other')],
    ['/apis/apps/v1/namespaces/default/deployments/asked?fieldManager=m', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'other' } }],
    ['/apis/scheduling.k8s.io/v1/priorityclasses/asked?fieldManager=m', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'other' }, value: 5 }],
  ] as const) {
    const refused = await api.request('PATCH', url, JSON.stringify(body), APPLY);
    t.is(refused.statusCode, 400, refused.body);
    t.is(refused.json().message, 'the name of the object (other) does not match the name on the URL (asked)');
  }
  t.is((await api.request('GET', `${CONFIGMAPS}/other`)).statusCode, 404);
  t.is((await api.request('GET', '/apis/scheduling.k8s.io/v1/priorityclasses/other')).statusCode, 404);
  t.is(await api.clusterHead(), head);
  const created = await api.request('PATCH', `${CONFIGMAPS}/asked?fieldManager=m`, JSON.stringify(configMap('asked')), APPLY);
  t.is(created.statusCode, 201, created.body);
});

test('a JSON body that gives a field twice is refused under Strict naming the field, warned under Warn, taken last-wins under Ignore', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const twice = (name: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","name":"${name}-2"},"data":{"a":"1","b":"2","a":"3"}}`;
  const head = await api.clusterHead();
  const strict = await api.request('POST', CONFIGMAPS, twice('one'), JSON_TYPE);
  t.is(strict.statusCode, 400);
  t.is(strict.json().message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", duplicate field "data.a": give each field once');
  t.is(await api.clusterHead(), head);
  const patched = await api.request('PATCH', `${CONFIGMAPS}/none`, '{"data":{"a":"1","a":"2"}}', { 'content-type': 'application/merge-patch+json' });
  t.is(patched.statusCode, 400, 'a patch too');
  const warned = await api.request('POST', `${CONFIGMAPS}?fieldValidation=Warn`, twice('two'), JSON_TYPE);
  t.is(warned.statusCode, 201, warned.body);
  t.regex(String(warned.headers.warning), /duplicate field \\"metadata.name\\"/);
  t.is(warned.json().metadata.name, 'two-2');
  const ignored = await api.request('POST', `${CONFIGMAPS}?fieldValidation=Ignore`, twice('three'), JSON_TYPE);
  t.is(ignored.statusCode, 201);
  t.deepEqual(ignored.json().data, { a: '3', b: '2' });
  t.is((await api.request('POST', CONFIGMAPS, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keys"},"data":{"a":"{\\"a\\":1,\\"a\\":2}","b":"x"}}', JSON_TYPE)).statusCode, 201,
    'keys repeated inside a string value are no duplicate fields');
});

test('YAML bodies: application/yaml creates and updates, apply-patch+yaml applies; a repeated key, an alias bomb or bad YAML is a 400 saying so', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const yaml = { 'content-type': 'application/yaml' };
  const created = await api.request('POST', CONFIGMAPS, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  mode: fast\n', yaml);
  t.is(created.statusCode, 201, created.body);
  t.deepEqual(created.json().data, { mode: 'fast' });
  const updated = await api.request('PUT', `${CONFIGMAPS}/from-yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  mode: slow\n', yaml);
  t.is(updated.statusCode, 200, updated.body);
  t.deepEqual(updated.json().data, { mode: 'slow' });
  const applied = await api.request('PATCH', `${CONFIGMAPS}/applied?fieldManager=me`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  key: "1"\n', APPLY);
  t.is(applied.statusCode, 201, applied.body);
  t.deepEqual(applied.json().data, { key: '1' });

  const head = await api.clusterHead();
  const repeated = await api.request('PATCH', `${CONFIGMAPS}/applied?fieldManager=me`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  key: "2"\n  key: "3"\n', APPLY);
  t.is(repeated.statusCode, 400);
  t.regex(repeated.json().message, /^the request body is not valid YAML \(Content-Type application\/apply-patch\+yaml\): Map keys must be unique/);
  const repeatedInJson = await api.request('PATCH', `${CONFIGMAPS}/applied?fieldManager=me`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"key":"2","key":"3"}}', APPLY);
  t.is(repeatedInJson.statusCode, 400, 'JSON, as kubectl sends an apply, is YAML too');
  t.is(repeatedInJson.json().message, 'the request body is not valid YAML (Content-Type application/apply-patch+yaml): Map keys must be unique: "data.key"');
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)];
  const bomb = await api.request('POST', CONFIGMAPS, `${levels.join('\n')}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n`, yaml);
  t.is(bomb.statusCode, 400);
  t.regex(bomb.json().message, /not valid YAML .*alias/i);
  const broken = await api.request('POST', CONFIGMAPS, 'apiVersion: v1\nkind: [ConfigMap\n', yaml);
  t.is(broken.statusCode, 400);
  t.regex(broken.json().message, /^the request body is not valid YAML \(Content-Type application\/yaml\)/);
  t.is(await api.clusterHead(), head);
});

test('a text/plain, untyped or compressed body is a 415 naming what was sent and what is read; bad JSON and prototype keys are 400s saying which', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const body = JSON.stringify(configMap('c'));
  const plain = await api.request('POST', CONFIGMAPS, body, { 'content-type': 'text/plain' });
  t.is(plain.statusCode, 415);
  t.like(plain.json(), { kind: 'Status', reason: 'UnsupportedMediaType' });
  t.regex(plain.json().message, /unknown format \(Content-Type "text\/plain"\): accepted media types include application\/json, application\/yaml, application\/vnd.kubernetes.protobuf/);
  t.regex((await api.request('POST', CONFIGMAPS, body, { 'content-type': '' })).json().message, /Content-Type missing/);
  const gzipped = await api.app.inject({ method: 'POST', url: CONFIGMAPS, payload: gzipSync(body), headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...JSON_TYPE, 'content-encoding': 'gzip' } });
  t.is(gzipped.statusCode, 415);
  t.is(gzipped.json().message, 'the request body has Content-Encoding "gzip", which this API server does not decode: send it uncompressed');

  const truncated = await api.request('PATCH', `${CONFIGMAPS}/c`, '{"data":', { 'content-type': 'application/merge-patch+json' });
  t.is(truncated.statusCode, 400);
  t.regex(truncated.json().message, /^the request body is not valid JSON \(Content-Type application\/merge-patch\+json\): /);
  for (const [payload, key] of [
    ['{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","__proto__":{"namespace":"other"}}}', 'metadata.__proto__'],
    ['{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"data":{"constructor":{"prototype":{"x":"y"}}}}', 'data.constructor'],
  ]) {
    const refused = await api.request('POST', CONFIGMAPS, payload, JSON_TYPE);
    t.is(refused.statusCode, 400);
    t.is(refused.json().message, `the request body's JSON has the key "${key}": "__proto__" and "constructor.prototype" are not accepted as keys, rename or remove it`);
  }
  t.is(({} as Record<string, unknown>).namespace, undefined);
  t.is(await api.clusterHead(), head);
});

test('an int32 field past 2^31 (replicas, ports) or an int64 one past 2^53 is a 422 naming the field and its range, and nothing is created', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const deployment = (name: string, replicas: string) =>
    `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"${name}"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"terminationGracePeriodSeconds":30,"containers":[{"name":"c","image":"x"}]}}}}`;
  const head = await api.clusterHead();
  for (const replicas of ['2147483648', '9007199254740993', '1e400']) {
    const refused = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', replicas), JSON_TYPE);
    t.is(refused.statusCode, 422, replicas);
    t.regex(refused.json().message, /^Deployment.apps "web" is invalid: spec.replicas: Invalid value: .*must be an integer/);
  }
  const past = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', '2147483648'), JSON_TYPE);
  t.regex(past.json().message, /spec.replicas: Invalid value: 2147483648: must be an integer from -2147483648 to 2147483647 \(32 bits\)/);
  const grace = await api.request('POST', '/api/v1/namespaces/default/pods', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"terminationGracePeriodSeconds":18014398509481984,"containers":[{"name":"c","image":"x"}]}}', JSON_TYPE);
  t.is(grace.statusCode, 422);
  t.regex(grace.json().message, /spec.terminationGracePeriodSeconds: Invalid value: 18014398509481984: must be an integer from/);
  t.is(await api.clusterHead(), head);
  t.is((await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', '2147483647'), JSON_TYPE)).statusCode, 201, 'the largest int32 is taken');
});

test('a watch\'s timeoutSeconds that is no number is a 400; one past what a timer holds still watches, a negative one ends at once', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const refused = await api.request('GET', `${CONFIGMAPS}?watch=true&timeoutSeconds=soon`);
  t.is(refused.statusCode, 400);
  t.is(refused.json().message, 'timeoutSeconds: Invalid value: "soon": must be a whole number of seconds');
  t.is((await api.request('GET', `${CONFIGMAPS}?watch=true&timeoutSeconds=-1`)).statusCode, 200, 'ended at once (inject waits for the end)');

  const http = await overLoopback(api.app, 2);
  t.teardown(() => http.close());
  const lines: string[] = [];
  const { port } = api.app.server.address() as AddressInfo;
  const watch = await fetch(`http://127.0.0.1:${port}${CONFIGMAPS}?watch=true&timeoutSeconds=4000000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const reader = watch.body!.getReader();
  t.is((await api.request('POST', CONFIGMAPS, configMap('after'))).statusCode, 201);
  const decoder = new TextDecoder();
  for (let text = ''; !text.includes('\n'); ) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
    lines.push(...text.split('\n').filter(Boolean));
  }
  await reader.cancel();
  t.like(JSON.parse(lines[0]), { type: 'ADDED', object: { metadata: { name: 'after' } } }, 'a 46-day timeout did not end the watch at once');
});

test('a fieldManager over 128 bytes, with control characters or given twice is refused, as is a server-side apply without one; nothing is appended', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const long = await api.request('POST', `${CONFIGMAPS}?fieldManager=${'m'.repeat(129)}`, configMap('long'));
  t.is(long.statusCode, 422);
  t.is(long.json().message, 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
  const control = await api.request('PUT', `${CONFIGMAPS}/x?fieldManager=a%00b`, configMap('x'));
  t.is(control.statusCode, 422);
  t.is(control.json().message, 'UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\u0000b": must be made of printable characters');
  const twice = await api.request('POST', `${CONFIGMAPS}?fieldManager=a&fieldManager=b`, configMap('twice'));
  t.is(twice.statusCode, 400);
  t.is(twice.json().message, 'fieldManager is given 2 times: give it once');
  const anonymous = await api.request('PATCH', `${CONFIGMAPS}/applied`, JSON.stringify(configMap('applied')), APPLY);
  t.is(anonymous.statusCode, 422);
  t.is(anonymous.json().message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  t.is(await api.clusterHead(), head);
  t.is((await api.request('POST', `${CONFIGMAPS}?fieldManager=${'m'.repeat(128)}`, configMap('fits'))).statusCode, 201);
});

test('a strategic-merge patch replacing a list with an element that deletes itself is planned on the rest, not a 500', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const deployments = '/apis/apps/v1/namespaces/default/deployments';
  const container = { name: 'c', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
  const spec = { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [container] } } };
  t.is((await api.request('POST', deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec })).statusCode, 201);
  const patch = { spec: { template: { spec: { containers: [{ name: 'c', env: [{ $patch: 'replace' }, { $patch: 'delete', name: 'A' }, { name: 'C', value: '3' }] }] } } } };
  const patched = await api.request('PATCH', `${deployments}/web`, JSON.stringify(patch), { 'content-type': 'application/strategic-merge-patch+json' });
  t.is(patched.statusCode, 200, patched.body);
  t.deepEqual(patched.json().spec.template.spec.containers[0].env, [{ name: 'C', value: '3' }]);
});

test('a Node patch whose body names another node is a 400 naming both, as for every other kind, and changes nothing', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  await api.admin('RegisterNode', registration('node-a'));
  const head = await api.clusterHead();
  const merge = { 'content-type': 'application/merge-patch+json' };
  const refused = await api.request('PATCH', '/api/v1/nodes/node-a', JSON.stringify({ metadata: { name: 'node-b', labels: { x: 'y' } } }), merge);
  t.is(refused.statusCode, 400, refused.body);
  t.is(refused.json().message, 'the name of the object (node-b) does not match the name on the URL (node-a)');
  t.is(await api.clusterHead(), head);
  t.is(api.models.nodes.get('node-a')?.labels.x, undefined);
});

test('annotations are checked as kube-apiserver checks them, at create and at every change: keys are qualified names, all of them at most 256 KiB', async (t) => {
  const api = await withDefaultNamespace();
  t.teardown(api.close);
  const annotated = (name: string, annotations: Record<string, string>) => ({ ...configMap(name), metadata: { name, annotations } });
  const head = await api.clusterHead();
  const huge = await api.request('POST', CONFIGMAPS, annotated('huge', { a: 'x'.repeat(300_000) }));
  t.is(huge.statusCode, 422, huge.body);
  t.like(huge.json(), { reason: 'Invalid', details: { causes: [{ field: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes' }] } });
  const badKey = await api.request('POST', CONFIGMAPS, annotated('bad-key', { 'not a key!': 'v' }));
  t.is(badKey.statusCode, 422, badKey.body);
  t.regex(badKey.json().message, /metadata\.annotations\[not a key!\]: .*invalid annotation key/);
  const pod = await api.request('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { big: 'y'.repeat(262_144) } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['true'] }] },
  });
  t.is(pod.statusCode, 422, pod.body);
  t.is(await api.clusterHead(), head, 'nothing appended');

  t.is((await api.request('POST', CONFIGMAPS, annotated('grows', { 'Example.COM/Upper': 'ok', half: 'z'.repeat(200_000) }))).statusCode, 201, 'a prefix in upper case is lower-cased as Kubernetes checks it');
  const before = await api.clusterHead();
  const grown = await api.request('PATCH', `${CONFIGMAPS}/grows`, JSON.stringify({ metadata: { annotations: { more: 'w'.repeat(100_000) } } }), { 'content-type': 'application/merge-patch+json' });
  t.is(grown.statusCode, 422, grown.body);
  t.regex(grown.json().message, /metadata\.annotations: Too long: may not be more than 262144 bytes/);
  t.is(await api.clusterHead(), before);
});
