import test from 'ava';
import { MAX_JSON_DEPTH } from '../../adapters/http/k8s/json-depth.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { registration } from '../support/node-fixtures.js';
import { deploymentManifest, MERGE, podManifest, workloadApi } from '../support/workload-api.js';

/** Request bodies past the API server's limits are refused with a Status that names the limit, and append nothing. */

const PODS = '/api/v1/namespaces/shop/pods';
const JSON_TYPE = { 'content-type': 'application/json' };

test('a body nested deeper than the limit is a 400 naming the limit, for JSON and patch bodies alike, never a 500', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  t.is((await api.request('POST', PODS, podManifest('web'))).statusCode, 201);
  const head = await api.clusterHead();
  const deep = `{"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

  for (const [method, url, headers] of [['POST', PODS, JSON_TYPE], ['PATCH', `${PODS}/web`, MERGE], ['POST', '/kes/v1/commands', JSON_TYPE]] as const) {
    const refused = await api.request(method, url, deep, headers);
    t.is(refused.statusCode, 400, `${method} ${url}`);
    t.like(refused.json(), { kind: 'Status', reason: 'BadRequest', code: 400 });
    t.regex(refused.json().message, new RegExp(`more than ${MAX_JSON_DEPTH} levels deep`));
  }
  t.is(await api.clusterHead(), head);
});

test('a body nested just within the limit is read as usual, and brackets in strings do not count', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const objects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  // The manifest itself takes 3 levels: {metadata: {annotations: {x: …}}}.
  const annotated = (levels: number) =>
    JSON.stringify(podManifest('deep')).replace('"labels":', `"annotations":{"x":${objects(levels - 3)}},"labels":`);

  const invalid = await api.request('POST', PODS, annotated(MAX_JSON_DEPTH), JSON_TYPE);
  t.is(invalid.statusCode, 422, invalid.body);
  t.regex(invalid.json().message, /metadata\.annotations\[x\]: Invalid value/);
  t.is((await api.request('POST', PODS, annotated(MAX_JSON_DEPTH + 1), JSON_TYPE)).statusCode, 400);
  const brackets = await api.request('POST', PODS, { ...podManifest('brackets'), metadata: { name: 'brackets', annotations: { x: '['.repeat(100_000) } } });
  t.is(brackets.statusCode, 201, brackets.body);
});

test('a body over the size limit is a 413 RequestEntityTooLarge saying the limit, not "not valid JSON"', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const huge = { ...podManifest('huge'), metadata: { name: 'huge', annotations: { x: 'a'.repeat(9 * 1024 * 1024) } } };

  const refused = await api.request('POST', PODS, huge);

  t.is(refused.statusCode, 413);
  t.like(refused.json(), { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  t.regex(refused.json().message, /limit of 8388608 bytes \(8 MiB\)/);
  t.is(await api.clusterHead(), head);
});

test('a pod of 10,000 containers is refused with its size and the 1.5 MiB limit, and appends nothing; a normal pod is created', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const containers = Array.from({ length: 10_000 }, (_, i) => ({ name: `c${i}`, image: 'nginx' }));

  const refused = await api.request('POST', PODS, podManifest('many', { spec: { containers } }));

  t.is(refused.statusCode, 422);
  t.like(refused.json(), { reason: 'Invalid', details: { causes: [{ field: 'spec.containers' }] } });
  t.regex(refused.json().message, /^Pod "many" is invalid: spec\.containers: Too long: with a status for each of its 10000 containers the pod takes \d+ bytes, more than the 1572864 bytes \(1\.5 MiB\) an object may take/);
  t.is(await api.clusterHead(), head);
  const deployment = deploymentManifest('many');
  const template = { ...deployment.spec.template, spec: { containers } };
  const refusedTemplate = await api.request('POST', '/apis/apps/v1/namespaces/shop/deployments', { ...deployment, spec: { ...deployment.spec, template } });
  t.is(refusedTemplate.statusCode, 422);
  t.regex(refusedTemplate.json().message, /spec\.template\.spec\.containers: Too long: with a status for each of its 10000 containers/);
  t.is(await api.clusterHead(), head);

  t.is((await api.request('POST', PODS, podManifest('web'))).statusCode, 201);
});

test('a write whose events would pass 1.5 MiB is a 413 RequestEntityTooLarge saying the size and the limit', async (t) => {
  const api = await workloadApi();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const labels = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`label-${i}`, 'v'.repeat(60)]));

  const refused = await api.request('POST', '/api/v1/nodes', nodeManifest(registration('w1', { labels })));

  t.is(refused.statusCode, 413);
  t.like(refused.json(), { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  t.regex(refused.json().message, /^RegisterNode and ChangeManagedFields would write \d+ bytes to node-w1, more than the 1572864 bytes \(1\.5 MiB\) one object may take/);
  t.is(await api.clusterHead(), head);
});
