import test from 'ava';
import { KES_COMMAND_TYPES } from '../../domain/commands.js';
import { apiHarness } from '../support/api-harness.js';
import { casesOf } from '../support/route-cases.js';
import { twoNodes } from '../support/two-nodes.js';

/** Payloads a careless or hostile client sends: nothing, the wrong shape, nested objects missing or of the wrong type. */
const PAYLOADS: readonly unknown[] = [{}, { name: 'x' }, { meta: {} }, { meta: 'x', spec: 'y' }, { registration: {} }, { data: null }, { namespace: 'default', name: 'x', spec: [] }];

test('every command type, sent any malformed payload through the command API, is a 4xx naming what is wrong, never a 500, and appends nothing', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  const head = await api.clusterHead();
  const failures: string[] = [];
  for (const type of KES_COMMAND_TYPES)
    for (const data of PAYLOADS) {
      const response = await api.request('POST', '/kes/v1/commands', { type, data });
      const status = response.json() as { kind?: string; message?: string };
      if (response.statusCode >= 500 || response.statusCode < 400 || status.kind !== 'Status' || !status.message)
        failures.push(`${type} ${JSON.stringify(data)}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
  t.deepEqual(failures, []);
  t.is(await api.clusterHead(), head);
});

/** Bodies a careless or hostile client sends to a write route: the wrong JSON type, required parts missing or mistyped. */
const BODIES: readonly unknown[] = [
  {}, [], 'text', 42, null,
  { metadata: 'x' },
  { metadata: { name: 'hostile' }, spec: 'x' },
  { metadata: { name: 'hostile', labels: 'x', annotations: [] } },
  { metadata: { name: 'hostile' }, spec: { containers: 'x', template: [] } },
  { metadata: { name: 'hostile' }, spec: { containers: [{}], selector: 'x', replicas: 'many', ports: [{}] } },
  { metadata: { name: 'hostile' }, data: 'x', stringData: [1], binaryData: { k: 'not base64!' } },
  { metadata: { name: 'hostile' }, status: 'x' },
];
const CONTENT_TYPES: Readonly<Record<string, string>> = { POST: 'application/json', PUT: 'application/json', PATCH: 'application/merge-patch+json' };

test('every write route the server registers, sent malformed bodies against existing objects, answers a 4xx Status, never a 500', async (t) => {
  const { api } = await twoNodes();
  t.teardown(api.close);
  const failures: string[] = [];
  const writes = api.app.routeTable.filter((route) => route.method in CONTENT_TYPES);
  for (const route of writes)
    for (const c of casesOf(route))
      for (const body of BODIES) {
        const response = await api.request(c.method, c.path, JSON.stringify(body), { 'content-type': CONTENT_TYPES[c.method] });
        if (response.statusCode >= 500 || (response.statusCode >= 400 && response.json().kind !== 'Status'))
          failures.push(`${c.method} ${c.path} ${JSON.stringify(body)}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
  t.true(writes.length > 20, `${writes.length} write routes`);
  t.deepEqual(failures, []);
});
