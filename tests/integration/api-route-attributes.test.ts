import test from 'ava';
import Fastify from 'fastify';
import type { ApiDeps } from '../../adapters/http/api-deps.js';
import { authorization } from '../../adapters/http/authorization.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { twoNodes } from '../support/two-nodes.js';

test('a route without authorization attributes is refused for everyone, admin included; a path no route has is 404 for an admin only', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const app = Fastify();
  authorization(app, { models: api.models, credentials: api.credentials, clock: new SystemClock() } as unknown as ApiDeps);
  app.get('/custom/:thing', async () => ({ secret: 'should never be served' }));
  app.get('/api/v1/namespaces/:namespace/widgets', async () => ({ kind: 'WidgetList', items: [] }));
  t.teardown(() => app.close());
  const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: { authorization: who } });

  const refused = await get('/custom/x', identities.admin);
  t.is(refused.statusCode, 403);
  t.regex(refused.json().message, /GET \/custom\/:thing has no authorization attributes/);
  t.is((await get('/api/v1/namespaces/default/widgets', identities.admin)).statusCode, 200, 'a route under an API prefix gets its attributes from its pattern');
  t.is((await get('/api/v1/namespaces/default/widgets', identities['node-a'])).statusCode, 200);
  t.is((await get('/nowhere', identities.admin)).statusCode, 404);
  t.is((await get('/nowhere', identities['node-a'])).statusCode, 403);
  t.is((await get('/nowhere', '')).statusCode, 401);
});

test('a node watching with any spelling of watch=true is refused Secrets, and gets a watch (not a list) of pods', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  for (const watch of ['true', 'TRUE', 'yes', '1'])
    t.is((await api.request('GET', `/api/v1/namespaces/default/secrets?watch=${watch}`, undefined, { authorization: identities['node-a'] })).statusCode, 403, watch);
  const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const response = await fetch(`${address}/api/v1/pods?watch=yes&timeoutSeconds=1`, { headers: { authorization: identities['node-b'] } });
  t.is(response.status, 200);
  const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string });
  t.true(lines.length > 0 && lines.every((line) => line.type === 'ADDED'), 'watch events, not a PodList');
});

test('a namespace in the path that no namespace could have (x.y) is a 404, not another namespace\'s object under a joined key', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  await api.admin('CreateNamespace', { meta: { name: 'de', uid: 'uid-de', labels: {} } });
  await api.request('POST', '/api/v1/namespaces/de/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fault.settings' }, data: { k: 'v' } });
  t.is((await api.request('GET', '/api/v1/namespaces/de/configmaps/fault.settings')).statusCode, 200);
  const aliased = await api.request('GET', '/api/v1/namespaces/de.fault/configmaps/settings', undefined, { authorization: identities.admin });
  t.is(aliased.statusCode, 404);
  t.is(aliased.json().message, 'namespaces "de.fault" not found');
});
