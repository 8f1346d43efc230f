import test from 'ava';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import type { AuditEntry } from '../../application/queries/audit-log.js';
import { AUDIT_CATEGORY } from '../../domain/audit/audit.js';
import { streamCategory, type RecordedEvent } from '../../domain/shared/event.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { ADMIN_TOKEN, apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { base64, secretManifest } from '../support/service-api.js';
import { eventProblems, servedSchemas } from '../support/event-schemas.js';

type Api = Awaited<ReturnType<typeof apiHarness>>;

/** kesctl, run in this process against the harness' API server (through fastify.inject, no sockets). */
function kesctlOn(app: FastifyInstance) {
  const fetch = (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const answer = await app.inject({ method: (init?.method ?? 'GET') as 'GET', url: url.pathname + url.search, headers, payload: init?.body as string | undefined });
    return new Response(answer.body, { status: answer.statusCode, headers: { 'content-type': String(answer.headers['content-type'] ?? 'application/json') } });
  }) as typeof globalThis.fetch;
  return async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(chunk.toString()), done()) });
    const code = await runKesctl(['--server', 'http://api', '--token', ADMIN_TOKEN, ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, fetch });
    return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) };
  };
}

/** A cluster with node w1 joined: a user with a credential but no right to delete other nodes. */
async function withNode() {
  const api = await apiHarness();
  const token = (await api.request('POST', '/kes/v1/tokens', { ttlSeconds: 60 })).json().token as string;
  const joined = await api.request('POST', '/kes/v1/join', { node: nodeManifest(registration('w1')) }, { authorization: `Bearer ${token}` });
  await api.admin('RegisterNode', registration('x'));
  return { api, w1: { authorization: `Bearer ${joined.json().credential as string}` } };
}

const auditEvents = async (api: Api): Promise<RecordedEvent[]> => (await api.store.readAll(0, 100_000)).filter((e) => streamCategory(e.stream) === AUDIT_CATEGORY);
const audit = async (api: Api, query: string): Promise<AuditEntry[]> => {
  const answer = await api.request('GET', `/kes/v1/audit?${query}`);
  if (answer.statusCode !== 200) throw new Error(`audit: ${answer.statusCode} ${answer.body}`);
  return answer.json().items;
};

test('a node that tries to delete node x gets a 403, and kesctl audit --refused shows it trying; without --refused, who did delete it', async (t) => {
  const { api, w1 } = await withNode();
  t.teardown(api.close);
  const refused = await api.request('DELETE', '/api/v1/nodes/x', undefined, w1);
  t.is(refused.statusCode, 403);
  await api.refusals.flush();

  const kesctl = kesctlOn(api.app);
  const tried = await kesctl('audit', '--refused', '--kind', 'node');
  t.is(tried.code, 0, tried.stderr);
  t.regex(tried.lines[0], /^TIME\s+ACTOR\s+VERB\s+OBJECT\s+RESULT\s+COUNT$/);
  t.is(tried.lines.length, 2, tried.stdout);
  t.regex(tried.lines[1], /^\S+\s+system:node:w1\s+delete\s+nodes\/x\s+refused: Forbidden\s+1$/);

  t.is((await api.request('DELETE', '/api/v1/nodes/x')).statusCode, 200);
  const both = await kesctl('audit', '--kind', 'nodes', '--name', 'x', '-o', 'json');
  const entries = JSON.parse(both.stdout) as AuditEntry[];
  t.deepEqual(entries.map((e) => [e.actor, e.verb, e.result]), [
    ['kubernetes-admin', 'NodeRegistered', 'accepted'], ['system:node:w1', 'delete', 'refused'], ['kubernetes-admin', 'NodeDeleted', 'accepted'],
  ]);
  t.like(entries[1], { source: '127.0.0.1', code: 403, object: { resource: 'nodes', name: 'x' } });
  t.regex(entries[1].message ?? '', /nodes "x" is forbidden: User "system:node:w1" cannot delete resource "nodes"/);
});

test('a bad bearer token is recorded as system:anonymous with its source address, and the token is nowhere in the log', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const token = 'stolen-looking-token-0123456789abcdef';
  t.is((await api.request('DELETE', '/api/v1/nodes/x', undefined, { authorization: `Bearer ${token}` })).statusCode, 401);
  await api.refusals.flush();
  const [entry] = await audit(api, 'refused=true');
  t.like(entry, { actor: 'system:anonymous', source: '127.0.0.1', verb: 'delete', code: 401, reason: 'Unauthorized', object: { resource: 'nodes', name: 'x' } });
  t.false(JSON.stringify(await api.store.readAll(0, 100_000)).includes(token));
  t.false(JSON.stringify(await audit(api, '')).includes(token));
});

test('an invalid Secret is recorded with the fields that were wrong, never its values; a refused dry run is recorded too', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  const value = 'hunter2-the-password';
  const manifest = secretManifest('tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': base64(value), 'bad key!': base64(value) }, stringData: { pin: { nested: value } as unknown as string } });
  const created = await api.request('POST', '/api/v1/namespaces/default/secrets', manifest);
  t.is(created.statusCode, 422, created.body);
  t.true(created.body.includes(value), 'the answer quotes the bad value to its sender, as Kubernetes does');
  t.is((await api.request('POST', '/api/v1/namespaces/default/secrets?dryRun=All', manifest)).statusCode, 422);
  const entries = await audit(api, 'refused=true&kind=secrets');
  t.is(entries.length, 1, 'the dry run is the same request refused again: counted, not recorded yet');
  const [entry] = entries;
  t.like(entry, { actor: 'kubernetes-admin', verb: 'create', code: 422, reason: 'Invalid', count: 1, object: { resource: 'secrets', namespace: 'default' } });
  t.regex(entry.message ?? '', /stringData\[pin\]/);
  await api.refusals.flush();
  t.deepEqual((await audit(api, 'refused=true&kind=secrets')).map((e) => e.count), [1, 1], 'the repeat (the dry run) recorded with its count when the window ended');
  const log = JSON.stringify(await api.store.readAll(0, 100_000));
  for (const secret of [value, base64(value)]) t.false(log.includes(secret), `${secret} is not in the log`);
});

test('2,000 refused requests add a bounded number of audit records: at most 2 × 50 + 1 a window, the excess counted as dropped', async (t) => {
  const { api, w1 } = await withNode();
  t.teardown(api.close);
  const before = (await auditEvents(api)).length;
  for (let i = 0; i < 2000; i++) await api.request('DELETE', `/api/v1/nodes/n-${i % 200}`, undefined, w1);
  await api.refusals.flush();
  const added = (await auditEvents(api)).slice(before);
  t.true(added.length <= 2 * 50 + 1, `${added.length} audit records`);
  const counted = added.reduce((sum, e) => sum + (e.data as { count: number }).count, 0);
  t.is(counted, 2000, 'every refusal is counted, in a record of its own key or as dropped');
  t.is(added.filter((e) => e.type === 'RefusalsDropped').length, 1);
});

test('the audit is an admin\'s read: a node is refused it, and sees audit records in its event feed redacted', async (t) => {
  const { api, w1 } = await withNode();
  t.teardown(api.close);
  t.is((await api.request('GET', '/kes/v1/audit', undefined, w1)).statusCode, 403);
  await api.refusals.flush();
  const feed = (await api.request('GET', '/kes/v1/events?after=0', undefined, w1)).json().items as RecordedEvent[];
  const records = feed.filter((e) => streamCategory(e.stream) === AUDIT_CATEGORY);
  t.is(records.length, 1);
  t.like(records[0].data, { actor: '<redacted>', source: '<redacted>', message: '<redacted>', asked: { verb: '<redacted>', resource: '' }, code: 403, count: 1 });
  t.false(JSON.stringify(records).includes('system:node:w1'), 'not who was refused');
  const problems = eventProblems(await servedSchemas(async (path) => (await api.request('GET', path)).json()));
  t.is(problems.ofData('RequestRefused', records[0].data), undefined, 'redacted, it still validates against its schema (as NATS consumers check)');
  t.is((await api.request('GET', '/kes/v1/audit?since=yesterday')).statusCode, 400);
  const forged = { actor: 'someone-else', source: '10.0.0.1', code: 403, reason: 'Forbidden', message: 'made up', count: 1, firstAt: '2026-12-01T10:00:00Z', lastAt: '2026-12-01T10:00:00Z',
    asked: { verb: 'delete', apiGroup: '', resource: 'nodes', subresource: '', namespace: '', name: 'x', path: '' } };
  const refused = await api.request('POST', '/kes/v1/commands', { type: 'RecordRefusal', data: forged });
  t.is(refused.statusCode, 403, 'a forged record is refused, even from an admin');
  t.regex(refused.json().message, /only the API server records refused requests/);
});
