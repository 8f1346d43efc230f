import test from 'ava';
import { holdings, serviceApi, serviceManifest } from '../support/service-api.js';

/** ClusterIPs and NodePorts: asked-for values honoured if free, refused by field if not, released on refusal and deletion. */

const SERVICES = '/api/v1/namespaces/shop/services';

test('a requested ClusterIP is honoured if free; a taken one is a 422 naming spec.clusterIP, and nothing is appended', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const asked = await api.request('POST', SERVICES, serviceManifest('web', { clusterIP: '10.96.100.7' }));
  t.is(asked.statusCode, 201, asked.body);
  t.is(asked.json().spec.clusterIP, '10.96.100.7');
  const head = await api.clusterHead();
  const taken = await api.request('POST', SERVICES, serviceManifest('api', { clusterIP: '10.96.100.7' }));
  t.is(taken.statusCode, 422);
  t.like(taken.json(), {
    reason: 'Invalid',
    message: 'Service "api" is invalid: spec.clusterIP: Invalid value: "10.96.100.7": provided IP is already allocated',
    details: { causes: [{ field: 'spec.clusterIP' }] },
  });
  const outside = await api.request('POST', SERVICES, serviceManifest('api', { clusterIP: '192.168.0.1' }));
  t.is(outside.statusCode, 422);
  t.regex(outside.json().message, /spec\.clusterIP: Invalid value: "192\.168\.0\.1": provided IP 192\.168\.0\.1 is not in the valid range\. The range of valid IPs is 10\.96\.0\.0\/12/);
  t.is(await api.clusterHead(), head, 'nothing appended');
  t.is((await api.request('GET', `${SERVICES}/api`)).statusCode, 404);
});

test('a requested NodePort is honoured if free; a taken one names spec.ports[i].nodePort and what was taken on the way is released', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const asked = await api.request('POST', SERVICES, serviceManifest('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
  t.is(asked.statusCode, 201, asked.body);
  t.is(asked.json().spec.ports[0].nodePort, 30080);
  const before = { ips: holdings(api, 'clusterips'), ports: holdings(api, 'nodeports') };
  const clash = await api.request('POST', SERVICES,
    serviceManifest('api', { type: 'NodePort', ports: [{ name: 'a', port: 81 }, { name: 'b', port: 82, nodePort: 30080 }] }));
  t.is(clash.statusCode, 422);
  t.is(clash.json().message, 'Service "api" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated');
  t.deepEqual({ ips: holdings(api, 'clusterips'), ports: holdings(api, 'nodeports') }, before, 'the ClusterIP and first NodePort went back');
  const forbidden = await api.request('POST', SERVICES, serviceManifest('cip', { ports: [{ port: 80, nodePort: 30081 }] }));
  t.is(forbidden.statusCode, 422);
  t.regex(forbidden.json().message, /spec\.ports\[0\]\.nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/);
});

test('a full range is a clear error; deleting a Service gives its address back for the next one', async (t) => {
  // A /29 keeps its network, broadcast and first address: 10.96.0.2 to 10.96.0.6 are left for services.
  const api = await serviceApi({ clusterIPs: '10.96.0.0/29', nodePorts: '30000-30001' }, 'shop');
  t.teardown(api.close);
  for (const name of ['a', 'b', 'c', 'd', 'e']) t.is((await api.request('POST', SERVICES, serviceManifest(name))).statusCode, 201);
  const head = await api.clusterHead();
  const full = await api.request('POST', SERVICES, serviceManifest('f'));
  t.is(full.statusCode, 409);
  t.is(full.json().message, 'Service "shop/f" cannot be given its spec.clusterIP: failed to allocate a serviceIP: range is full');
  t.is(await api.clusterHead(), head, 'nothing appended');

  t.is((await api.request('DELETE', `${SERVICES}/c`)).statusCode, 200);
  const again = await api.request('POST', SERVICES, serviceManifest('f'));
  t.is(again.statusCode, 201, again.body);
  t.is(again.json().spec.clusterIP, '10.96.0.4', 'the address c gave back');

  t.is((await api.request('DELETE', `${SERVICES}/a`)).statusCode, 200);
  const ports = await api.request('POST', SERVICES, serviceManifest('np', { type: 'NodePort', ports: [{ name: 'x', port: 1 }, { name: 'y', port: 2 }, { name: 'z', port: 3 }] }));
  t.is(ports.statusCode, 409);
  t.regex(ports.json().message, /spec\.ports\[2\]\.nodePort: failed to allocate a nodePort: range is full/);
  t.deepEqual(holdings(api, 'nodeports'), {}, 'the two NodePorts taken on the way were released');
  t.false(Object.values(holdings(api, 'clusterips')).includes('shop/np'), 'and so was its ClusterIP');
});

test('without configured ranges a Service cannot be created, and the error says what is missing', async (t) => {
  const { workloadApi } = await import('../support/workload-api.js');
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const refused = await api.request('POST', SERVICES, serviceManifest('web'));
  t.is(refused.statusCode, 409);
  t.regex(refused.json().message, /the clusterips range is not configured yet/);
});
