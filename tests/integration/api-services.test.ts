import test from 'ava';
import { serviceApi, serviceManifest, holdings } from '../support/service-api.js';
import { MERGE, STRATEGIC, TABLE, watchLines } from '../support/workload-api.js';

/** Services over the Kubernetes REST API (in process, no reconcilers): the ClusterIP and NodePorts they are given. */

const SERVICES = '/api/v1/namespaces/shop/services';
const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);

test('a Service is created with a ClusterIP from the service CIDR, listed, printed as kubectl does, and read', async (t) => {
  const api = await serviceApi({}, 'shop', 'other');
  t.teardown(api.close);
  const created = await api.request('POST', `${SERVICES}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, serviceManifest('web'));
  t.is(created.statusCode, 201, created.body);
  const web = created.json();
  t.like(web, {
    kind: 'Service', apiVersion: 'v1', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'], selector: { app: 'web' }, sessionAffinity: 'None' },
  });
  t.deepEqual(web.spec.ports, [{ protocol: 'TCP', port: 80, targetPort: 8080 }]);
  t.regex(web.metadata.uid, /^[0-9a-f-]{36}$/);
  t.deepEqual(holdings(api, 'clusterips'), { '10.96.0.2': 'shop/web' });

  const node = await api.request('POST', '/api/v1/namespaces/other/services',
    serviceManifest('api', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 9090, nodePort: 31000 }], labels: { tier: 'be' } }));
  t.is(node.statusCode, 201, node.body);
  t.deepEqual(node.json().spec.ports, [
    { name: 'http', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30000 },
    { name: 'grpc', protocol: 'TCP', port: 9090, targetPort: 9090, nodePort: 31000 },
  ]);

  t.deepEqual(names((await api.request('GET', SERVICES)).json()), ['web']);
  const all = (await api.request('GET', '/api/v1/services?limit=500')).json();
  t.is(all.kind, 'ServiceList');
  t.deepEqual(names(all), ['api', 'web']);
  t.deepEqual(names((await api.request('GET', '/api/v1/services?labelSelector=tier%3Dbe')).json()), ['api']);
  t.deepEqual(names((await api.request('GET', '/api/v1/services?fieldSelector=spec.type%3DClusterIP')).json()), ['web']);
  t.is((await api.request('GET', '/api/v1/services?fieldSelector=spec.bogus%3Dx')).statusCode, 400);

  const table = (await api.request('GET', '/api/v1/services', undefined, { accept: TABLE })).json();
  t.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
  t.is(table.columnDefinitions[6].priority, 1);
  t.deepEqual(table.rows[0].cells.slice(0, 5), ['api', 'NodePort', '10.96.0.3', '<none>', '80:30000/TCP,9090:31000/TCP']);
  t.deepEqual(table.rows[1].cells.slice(0, 5), ['web', 'ClusterIP', '10.96.0.2', '<none>', '80/TCP']);
  t.is(table.rows[1].cells[6], 'app=web');
  t.is(table.rows[1].object.metadata.namespace, 'shop');

  t.is((await api.request('GET', `${SERVICES}/web`)).json().spec.clusterIP, '10.96.0.2');
  const missing = await api.request('GET', `${SERVICES}/nope`);
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { reason: 'NotFound', message: 'services "nope" not found', details: { kind: 'services' } });
});

test('PATCH and PUT become ChangeServiceSelector and ChangeServicePorts; new ports get NodePorts, kept ports keep theirs', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  await api.request('POST', SERVICES, serviceManifest('web', { type: 'NodePort' }));
  const selector = await api.request('PATCH', `${SERVICES}/web`, { spec: { selector: { app: 'web', track: 'stable' } } }, MERGE);
  t.is(selector.statusCode, 200, selector.body);
  t.deepEqual(selector.json().spec.selector, { app: 'web', track: 'stable' });

  // kubectl apply adding a port: a strategic-merge patch merging ports by port.
  const added = await api.request('PATCH', `${SERVICES}/web`, {
    spec: { $setElementOrder: undefined, ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
  }, STRATEGIC);
  t.is(added.statusCode, 422, 'two ports, the first without a name');
  t.like(added.json().details.causes[0], { field: 'spec.ports[0].name', message: 'Required value' });
  const named = await api.request('PATCH', `${SERVICES}/web`, { spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, targetPort: 8443 }] } }, STRATEGIC);
  t.is(named.statusCode, 200, named.body);
  t.deepEqual(named.json().spec.ports.map((p: { port: number; nodePort: number }) => [p.port, p.nodePort]), [[80, 30000], [443, 30001]]);

  const current = named.json();
  const put = await api.request('PUT', `${SERVICES}/web`, {
    ...current,
    spec: { ...current.spec, clusterIP: undefined, clusterIPs: undefined, ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
  });
  t.is(put.statusCode, 200, put.body);
  t.deepEqual(put.json().spec.ports, [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 30001 }], 'the PUT kept its NodePort');
  t.is(put.json().spec.clusterIP, current.spec.clusterIP, 'and the ClusterIP it left out');
  t.deepEqual(holdings(api, 'nodeports'), { 30001: 'shop/web:443/TCP' }, 'the NodePort of the port that went was released');
  const history = await api.store.readStream('service-shop.web');
  // Each write records its manager's fields when they change (the last PUT only drops a port, which gives its writer nothing new).
  t.deepEqual(history.map((e) => e.type), [
    'ServiceCreated', 'ManagedFieldsChanged', 'ServiceSelectorChanged', 'ManagedFieldsChanged', 'ServicePortsChanged', 'ManagedFieldsChanged', 'ServicePortsChanged',
  ]);
});

test('what has no command is refused with a 422 naming the field, and nothing is appended', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  await api.request('POST', SERVICES, serviceManifest('web'));
  const head = await api.clusterHead();
  const type = await api.request('PATCH', `${SERVICES}/web`, { spec: { type: 'NodePort' } }, MERGE);
  t.is(type.statusCode, 422);
  t.like(type.json(), { reason: 'Invalid', details: { kind: 'Service', causes: [{ field: 'spec.type' }] } });
  const ip = await api.request('PATCH', `${SERVICES}/web`, { spec: { clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'] } }, MERGE);
  t.is(ip.statusCode, 422);
  t.regex(ip.json().message, /spec\.clusterIP: Invalid value: "10\.96\.0\.9": field is immutable/);
  const labelsWithBadType = await api.request('PATCH', `${SERVICES}/web`, { metadata: { labels: { app: 'x' } }, spec: { type: 'NodePort' } }, MERGE);
  t.is(labelsWithBadType.statusCode, 422, 'a label change goes with the rest of the request, or not at all');
  const badPort = await api.request('PATCH', `${SERVICES}/web`, { spec: { ports: [{ port: 70000 }] } }, MERGE);
  t.is(badPort.statusCode, 422);
  t.regex(badPort.json().message, /spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive/);
  const unknown = await api.request('POST', SERVICES, { ...serviceManifest('bad'), spec: { ...serviceManifest('bad').spec, bogus: 1 } });
  t.is(unknown.statusCode, 400);
  t.regex(unknown.json().message, /Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec\.bogus"/);
  const invalid = await api.request('POST', SERVICES, serviceManifest('Bad_Name', { type: 'LoadBalancer', ports: [{ port: 0 }] }));
  t.is(invalid.statusCode, 422);
  t.deepEqual(invalid.json().details.causes.map((c: { field: string }) => c.field), ['metadata.name', 'spec.type', 'spec.ports[0].port', 'spec.ports[0].targetPort']);
  t.is(await api.clusterHead(), head, 'nothing appended');
  t.deepEqual(holdings(api, 'clusterips'), { '10.96.0.2': 'shop/web' }, 'nothing allocated');
});

test('DELETE answers the Service, releases its ClusterIP and NodePorts; a watch from a resourceVersion sees it all', async (t) => {
  const api = await serviceApi({}, 'shop');
  t.teardown(api.close);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const from = await api.store.headPosition();
  const watching = watchLines(`${address}${SERVICES}?watch=true&resourceVersion=${from}`, 3);
  await api.request('POST', SERVICES, serviceManifest('web', { type: 'NodePort' }));
  await api.request('PATCH', `${SERVICES}/web`, { spec: { selector: { app: 'v2' } } }, MERGE);
  const deleted = await api.request('DELETE', `${SERVICES}/web`, { propagationPolicy: 'Background' });
  t.is(deleted.statusCode, 200);
  t.like(deleted.json(), { kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.0.2' } });
  t.deepEqual(holdings(api, 'clusterips'), {});
  t.deepEqual(holdings(api, 'nodeports'), {});
  t.deepEqual((await watching).map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'web'], ['MODIFIED', 'web'], ['DELETED', 'web']]);
  t.is((await api.request('DELETE', `${SERVICES}/web`)).statusCode, 404);
  const again = await api.request('POST', SERVICES, serviceManifest('web', { type: 'NodePort' }));
  t.like(again.json(), { spec: { clusterIP: '10.96.0.2', ports: [{ nodePort: 30000 }] } }, 'the released values are given out again');
});
