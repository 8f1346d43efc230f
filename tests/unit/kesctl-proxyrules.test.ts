import test from 'ava';
import type { ProxyRule } from '../../domain/service/proxy-rules.js';
import { renderIptables } from '../../adapters/cli/printers/iptables.js';
import { fakeApi, status, type Answer, type Recorded } from './kesctl-fake-api.js';

const RULES: ProxyRule[] = [
  { namespace: 'default', service: 'api', portName: '', protocol: 'TCP', clusterIP: '10.96.0.11', port: 8080, backends: [] },
  {
    namespace: 'default', service: 'web', portName: 'http', protocol: 'TCP', clusterIP: '10.96.0.10', port: 80, nodePort: 30080,
    backends: [40001, 40002, 40003, 40004].map((port) => ({ ip: '127.0.0.1', port })),
  },
];

/** The fake API server answers the proxy rules of node-1 and a Status for any other node. */
const proxyRules = (r: Recorded): Answer => {
  const m = /^\/kes\/v1\/nodes\/([^/]+)\/proxyrules$/.exec(r.path);
  if (!m) return undefined;
  if (m[1] !== 'node-1') return { code: 404, body: status(404, 'NotFound', `nodes "${m[1]}" not found`) };
  return { code: 200, body: { kind: 'ProxyRuleList', apiVersion: 'kes.io/v1', node: 'node-1', items: RULES } };
};

const lines = (...rows: string[]) => [...rows, ''].join('\n');

test('get proxyrules --node prints a row per service port; four endpoints are cut to three, -o wide shows all', async (t) => {
  const api = await fakeApi(t, [], { intercept: proxyRules });
  const result = await api.kesctl('get', 'proxyrules', '--node', 'node-1');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'SERVICE       PORT      PROTOCOL   CLUSTER-IP   NODE-PORT   ENDPOINTS',
      'default/api   8080      TCP        10.96.0.11   <none>      <none>',
      'default/web   http:80   TCP        10.96.0.10   30080       127.0.0.1:40001,127.0.0.1:40002,127.0.0.1:40003 + 1 more...',
    ),
  );
  t.is(api.requests[0].url, '/kes/v1/nodes/node-1/proxyrules');
  const wide = await api.kesctl('get', 'proxyrules', '--node', 'node-1', '-o', 'wide');
  t.true(wide.stdout.includes('127.0.0.1:40001,127.0.0.1:40002,127.0.0.1:40003,127.0.0.1:40004\n'));
});

test('get proxyrules -o iptables prints the iptables-save rendering; -o json and yaml the list', async (t) => {
  const api = await fakeApi(t, [], { intercept: proxyRules });
  const iptables = await api.kesctl('get', 'proxyrules', '--node', 'node-1', '-o', 'iptables');
  t.is(iptables.code, 0, iptables.stderr);
  t.is(iptables.stdout, renderIptables(RULES));
  const json = await api.kesctl('get', 'proxyrules', '--node', 'node-1', '-o', 'json');
  t.like(JSON.parse(json.stdout), { kind: 'ProxyRuleList', node: 'node-1', items: [{ service: 'api' }, { service: 'web', nodePort: 30080 }] });
  const yaml = await api.kesctl('get', 'proxyrule', '--node', 'node-1', '-o', 'yaml');
  t.regex(yaml.stdout, /^apiVersion: kes\.io\/v1\nitems:\n/);
});

test('get proxyrules: a missing --node and a bad format are refused before any request; an unknown node in the server words', async (t) => {
  const api = await fakeApi(t, [], { intercept: proxyRules });
  const missing = await api.kesctl('get', 'proxyrules');
  t.is(missing.code, 1);
  t.is(missing.stderr, 'error: say which node: kesctl get proxyrules --node NODE (every node applies the same rules)\n');
  const format = await api.kesctl('get', 'proxyrules', '--node', 'node-1', '-o', 'name');
  t.is(format.stderr, 'error: unknown output format "name" for proxyrules: use one of wide, iptables, json, yaml\n');
  t.is(api.requests.length, 0);
  const unknown = await api.kesctl('get', 'proxyrules', '--node', 'node-9');
  t.is(unknown.code, 1);
  t.is(unknown.stderr, 'Error from server (NotFound): nodes "node-9" not found\n');
});
