import test from 'ava';
import { Writable } from 'node:stream';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import type { ChangeItem } from '../../adapters/cli/printers/changes-printer.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = (code: number, reason: string, message: string) => json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code }, code);

const WEB: ChangeItem = { kind: 'Deployment', namespace: 'shop', name: 'web', change: 'changed', fields: ['metadata.generation', 'spec.replicas', 'status.replicas', 'status.readyReplicas', 'status.availableReplicas', 'status.conditions[0].lastUpdateTime'], actors: ['kubernetes-admin', 'system:kes-controller-manager'] };
const POD: ChangeItem = { kind: 'Pod', namespace: 'shop', name: 'web-1', change: 'added', fields: [], actors: ['system:kes-scheduler'] };
const NODE: ChangeItem = { kind: 'Node', name: 'sim-1', change: 'changed', fields: ['spec.unschedulable'], actors: ['kubernetes-admin'] };
const BY_RESOURCE: Record<string, ChangeItem[]> = { deployments: [WEB], pods: [POD], nodes: [NODE] };

/** A fake API answering `/kes/v1/changes/…` (a time becomes position 3, no `to` the head 40); secrets refused. */
function fakeApi() {
  const requests: string[] = [];
  const fetch = (async (input: string | URL) => {
    const url = new URL(String(input));
    requests.push(decodeURIComponent(url.pathname + url.search));
    const resource = url.pathname.split('/').at(-1)!;
    if (resource === 'secrets') return refusal(403, 'Forbidden', 'secrets is forbidden: User "dev" cannot list resource "secrets"');
    const from = url.searchParams.get('from')!;
    if (from === 'yesterday') return refusal(400, 'BadRequest', 'from: "yesterday" is neither a log position (a whole number, a resourceVersion) nor an RFC3339 time such as 2026-12-06T10:00:00Z');
    return json({ kind: 'ObjectChanges', apiVersion: 'kes.io/v1', from: /^\d+$/.test(from) ? Number(from) : 3, to: Number(url.searchParams.get('to') ?? 40), items: BY_RESOURCE[resource] ?? [] });
  }) as typeof globalThis.fetch;
  const kesctl = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(chunk.toString()), done()) });
    const code = await runKesctl(['--server', 'http://api', '--token', 't', ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, fetch });
    return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) };
  };
  return { requests, kesctl };
}

test('changes without a kind asks for every namespaced kind in the namespace, all between the positions the first answer resolved', async (t) => {
  const api = fakeApi();
  const { code, stderr, lines } = await api.kesctl('changes', '--from', '2026-12-06T10:00:00Z', '-n', 'shop');
  t.is(code, 0, stderr);
  t.is(api.requests[0], '/kes/v1/changes/namespaces/shop/pods?from=2026-12-06T10:00:00Z');
  t.deepEqual(api.requests.slice(1).map((r) => r.replace(/^\/kes\/v1\/changes\/namespaces\/shop\/(\w+)\?/, '$1 ')), [
    'replicasets from=3&to=40', 'deployments from=3&to=40', 'services from=3&to=40', 'endpoints from=3&to=40',
    'configmaps from=3&to=40', 'secrets from=3&to=40', 'serviceaccounts from=3&to=40', 'jobs from=3&to=40',
  ]);
  t.regex(stderr, /^Warning: Error from server \(Forbidden\): secrets is forbidden/);
  t.regex(lines[0], /^KIND\s+NAMESPACE\s+NAME\s+CHANGE\s+FIELDS\s+ACTORS$/);
  t.deepEqual(lines[1].split(/\s{3,}/), ['Pod', 'shop', 'web-1', 'added', '<none>', 'system:kes-scheduler']);
  t.deepEqual(lines[2].split(/\s{3,}/), ['Deployment', 'shop', 'web', 'changed',
    'metadata.generation,spec.replicas,status.replicas,status.readyReplicas (+2 more)', 'kubernetes-admin,system:kes-controller-manager']);
});

test('changes with a kind asks for it alone; -A asks cluster-wide and includes cluster-scoped kinds; -o json has every field', async (t) => {
  const api = fakeApi();
  const deploy = await api.kesctl('changes', 'deploy', '--from', '5', '--to', '9', '-o', 'json');
  t.is(deploy.code, 0, deploy.stderr);
  t.deepEqual(api.requests, ['/kes/v1/changes/namespaces/default/deployments?from=5&to=9']);
  t.deepEqual(JSON.parse(deploy.stdout), { kind: 'ObjectChanges', apiVersion: 'kes.io/v1', from: 5, to: 9, items: [WEB] });

  api.requests.length = 0;
  const all = await api.kesctl('changes', '--from', '5', '-A');
  t.is(all.code, 0, all.stderr);
  t.deepEqual(api.requests.slice(0, 2), ['/kes/v1/changes/nodes?from=5', '/kes/v1/changes/namespaces?from=5&to=40']);
  t.true(api.requests.includes('/kes/v1/changes/deployments?from=5&to=40'));
  t.deepEqual(all.lines[1].split(/\s{3,}/), ['Node', 'sim-1', 'changed', 'spec.unschedulable', 'kubernetes-admin'], 'a cluster-scoped object has no namespace');
});

test('changes refused by the server, or of a kind kes does not keep, prints one line and exits 1; no changes says so on stderr', async (t) => {
  const api = fakeApi();
  const bad = await api.kesctl('changes', 'pods', '--from', 'yesterday');
  t.is(bad.code, 1);
  t.regex(bad.stderr, /^Error from server \(BadRequest\): from: "yesterday" is neither a log position/);
  const unknown = await api.kesctl('changes', 'widgets', '--from', '1');
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /^error: the server doesn't have a resource type "widgets"/);
  const forbidden = await api.kesctl('changes', 'secrets', '--from', '1');
  t.is(forbidden.code, 1, 'a kind asked for by name that may not be listed is an error, not a warning');
  const none = await api.kesctl('changes', 'services', '--from', '1', '--to', '2');
  t.is(none.code, 0);
  t.is(none.stdout, '');
  t.is(none.stderr, 'No changes found between positions 1 and 2 in default namespace.\n');
  const missing = await api.kesctl('changes', 'pods');
  t.is(missing.code, 1);
  t.regex(missing.stderr, /--from <point>/);
});
