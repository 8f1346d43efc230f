import test from 'ava';
import { workloadApi, MERGE, TABLE } from '../support/workload-api.js';

/** ServiceAccounts over the Kubernetes REST API (in process, no reconcilers). */

const ACCOUNTS = '/api/v1/namespaces/ci/serviceaccounts';

test('a ServiceAccount is created, listed with kubectl\'s columns, relabelled, deleted (answered with the object), and discovery lists it as sa', async (t) => {
  const api = await workloadApi('ci');
  t.teardown(api.close);
  const created = await api.request('POST', ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' }, automountServiceAccountToken: false });
  t.is(created.statusCode, 201, created.body);
  t.like(created.json(), { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'builder', namespace: 'ci' }, automountServiceAccountToken: false });
  t.is((await api.request('POST', ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } })).statusCode, 409);

  const table = (await api.request('GET', '/api/v1/serviceaccounts', undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Secrets', 'Age']);
  t.deepEqual(table.rows.map((r: { cells: unknown[] }) => r.cells.slice(0, 2)), [['builder', 0]]);

  const labelled = await api.request('PATCH', `${ACCOUNTS}/builder`, { metadata: { labels: { team: 'a' } } }, MERGE);
  t.is(labelled.statusCode, 200, labelled.body);
  t.deepEqual(labelled.json().metadata.labels, { team: 'a' });
  const head = await api.clusterHead();
  const refused = await api.request('PATCH', `${ACCOUNTS}/builder`, { automountServiceAccountToken: true }, MERGE);
  t.is(refused.statusCode, 422);
  t.like(refused.json(), { reason: 'Invalid', details: { kind: 'ServiceAccount', causes: [{ field: 'automountServiceAccountToken' }] } });
  const unknown = await api.request('POST', ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' }, secretz: [] });
  t.is(unknown.statusCode, 400);
  t.regex(unknown.json().message, /unknown field "secretz"/);
  t.is(await api.clusterHead(), head, 'nothing appended');

  const deleted = await api.request('DELETE', `${ACCOUNTS}/builder`);
  t.like(deleted.json(), { kind: 'ServiceAccount', metadata: { name: 'builder' } });
  t.is((await api.request('GET', `${ACCOUNTS}/builder`)).statusCode, 404);
  t.deepEqual((await api.store.readStream('serviceaccount-ci.builder')).map((e) => e.type), ['ServiceAccountCreated', 'ManagedFieldsChanged', 'LabelsChanged', 'ManagedFieldsChanged', 'ServiceAccountDeleted']);

  const core = (await api.request('GET', '/api/v1')).json();
  t.like(core.resources.find((r: { name: string }) => r.name === 'serviceaccounts'), { kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] });
});
