import test from 'ava';
import { renderIptables, serviceChain } from '../../adapters/cli/printers/iptables.js';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';

const meta = (name: string) => ({ name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });
const address = (pod: string) => ({ ip: '127.0.0.1', nodeName: 'w1', targetRef: { kind: 'Pod', name: pod, uid: `uid-${pod}` } });

async function withServices() {
  const api = await apiHarness();
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  await api.admin('RegisterNode', registration('w1'));
  await api.admin('RegisterNode', registration('w2'));
  await api.admin('CreateService', {
    meta: meta('web'),
    spec: { type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.20', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }] },
  });
  await api.admin('CreateService', {
    meta: meta('api'),
    spec: { type: 'ClusterIP', selector: { app: 'api' }, clusterIP: '10.96.0.21', ports: [{ protocol: 'TCP', port: 8080, targetPort: 8080 }] },
  });
  await api.admin('SetEndpoints', {
    namespace: 'default', name: 'web',
    subsets: [
      { addresses: [address('web-b')], notReadyAddresses: [], ports: [{ name: 'http', port: 40002, protocol: 'TCP' }] },
      { addresses: [address('web-a')], notReadyAddresses: [address('web-c')], ports: [{ name: 'http', port: 40001, protocol: 'TCP' }] },
    ],
  });
  return api;
}

test('GET /kes/v1/nodes/{name}/proxyrules lists every service port with its ready endpoints, the same for every node', async (t) => {
  const api = await withServices();
  t.teardown(api.close);
  const response = await api.request('GET', '/kes/v1/nodes/w1/proxyrules');
  t.is(response.statusCode, 200, response.body);
  const list = response.json();
  t.like(list, { kind: 'ProxyRuleList', apiVersion: 'kes.io/v1', node: 'w1' });
  t.deepEqual(list.items, [
    { namespace: 'default', service: 'api', portName: '', protocol: 'TCP', clusterIP: '10.96.0.21', port: 8080, backends: [] },
    {
      namespace: 'default', service: 'web', portName: 'http', protocol: 'TCP', clusterIP: '10.96.0.20', port: 80, nodePort: 30080,
      backends: [{ ip: '127.0.0.1', port: 40001 }, { ip: '127.0.0.1', port: 40002 }],
    },
  ]);
  const other = (await api.request('GET', '/kes/v1/nodes/w2/proxyrules')).json();
  t.deepEqual(other.items, list.items);

  const iptables = renderIptables(list.items);
  t.true(iptables.includes(`-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${serviceChain(list.items[1])}\n`));
  t.true(iptables.includes('-A KUBE-SERVICES -d 10.96.0.21/32 -p tcp -m comment --comment "default/api has no endpoints" -m tcp --dport 8080 -j REJECT --reject-with icmp-port-unreachable\n'));
});

test('proxy rules of an unknown node are a 404 Status; without a token a 401', async (t) => {
  const api = await withServices();
  t.teardown(api.close);
  const missing = await api.request('GET', '/kes/v1/nodes/nope/proxyrules');
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { kind: 'Status', reason: 'NotFound', message: 'nodes "nope" not found', code: 404 });
  const anonymous = await api.app.inject({ method: 'GET', url: '/kes/v1/nodes/w1/proxyrules' });
  t.is(anonymous.statusCode, 401);
});
