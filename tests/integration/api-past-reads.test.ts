import test from 'ava';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { configMapManifest } from '../support/service-api.js';
import { workloadApi } from '../support/workload-api.js';

const CONFIGMAPS = '/api/v1/namespaces/shop/configmaps';

/** A ConfigMap made, changed and deleted; the resourceVersions before, while it held each value, and after. */
async function configMapLife() {
  const api = await workloadApi('shop');
  const before = api.models.position;
  const created = (await api.request('POST', CONFIGMAPS, configMapManifest('settings', { mode: 'fast' }))).json();
  const changed = (await api.request('PATCH', `${CONFIGMAPS}/settings`, { data: { mode: 'slow' } }, { 'content-type': 'application/merge-patch+json' })).json();
  madeAndChanged(created, changed);
  const deleted = await api.request('DELETE', `${CONFIGMAPS}/settings`);
  if (deleted.statusCode !== 200) throw new Error(`delete: ${deleted.body}`);
  return { api, before, created: Number(created.metadata.resourceVersion), changed: Number(changed.metadata.resourceVersion), after: api.models.position };
}

function madeAndChanged(created: { metadata?: { resourceVersion?: string } }, changed: { metadata?: { resourceVersion?: string } }) {
  if (!created.metadata?.resourceVersion || !changed.metadata?.resourceVersion) throw new Error('the ConfigMap was not made and changed');
}

test('a get at a resourceVersion answers the object as it was then: deleted since, or changed since, or not made yet', async (t) => {
  const { api, before, created, changed, after } = await configMapLife();
  t.teardown(api.close);
  const at = (rv: number) => api.request('GET', `${CONFIGMAPS}/settings?resourceVersion=${rv}`);
  t.is((await at(created)).json().data.mode, 'fast');
  t.is((await at(changed)).json().data.mode, 'slow');
  t.is((await at(changed)).json().metadata.resourceVersion, String(changed));
  t.is((await at(before)).statusCode, 404, 'not made yet');
  t.is((await at(after)).statusCode, 404, 'deleted');
  t.is((await api.request('GET', `${CONFIGMAPS}/settings`)).statusCode, 404, 'without a resourceVersion: now');
  const beyond = await at(after + 1000);
  t.is(beyond.statusCode, 504);
  t.regex(beyond.json().message, /Too large resource version/);
  t.is((await api.request('GET', `${CONFIGMAPS}/settings?resourceVersion=x`)).statusCode, 400);
});

test('a list at an old resourceVersion (Exact) shows what was there then, never 410 Gone', async (t) => {
  const { api, created, after } = await configMapLife();
  t.teardown(api.close);
  const list = (rv: number) => api.request('GET', `${CONFIGMAPS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  const then = (await list(created)).json();
  t.deepEqual(then.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['settings']);
  t.is(then.metadata.resourceVersion, String(created));
  t.deepEqual((await list(after)).json().items.filter((i: { metadata: { name: string } }) => i.metadata.name === 'settings'), []);
  t.is((await list(1)).statusCode, 200, 'the very first position');
});

test('nodes are listed in pages and at past resourceVersions, and got as they were', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  for (const name of ['node-c', 'node-a', 'node-b']) await api.admin('RegisterNode', registration(name));
  const twoNodes = api.models.position - 1;
  const first = (await api.request('GET', '/api/v1/nodes?limit=2')).json();
  t.deepEqual(first.items.map((n: { metadata: { name: string } }) => n.metadata.name), ['node-a', 'node-b']);
  t.is(first.metadata.remainingItemCount, 1);
  const second = (await api.request('GET', `/api/v1/nodes?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).json();
  t.deepEqual(second.items.map((n: { metadata: { name: string } }) => n.metadata.name), ['node-c']);
  const past = (await api.request('GET', `/api/v1/nodes?resourceVersion=${twoNodes}&resourceVersionMatch=Exact`)).json();
  t.deepEqual(past.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort(), ['node-a', 'node-c']);
  t.is((await api.request('GET', `/api/v1/nodes/node-b?resourceVersion=${twoNodes}`)).statusCode, 404);
  t.is((await api.request('GET', `/api/v1/nodes/node-b?resourceVersion=${twoNodes + 1}`)).json().metadata.name, 'node-b');
});
