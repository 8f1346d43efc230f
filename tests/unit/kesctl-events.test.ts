import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { tempDir } from '../support/tmp.js';

const at = (second: number) => `2026-12-06T10:00:${String(second).padStart(2, '0')}.000Z`;
const event = (position: number, type: string, stream: string, data: object, actor = 'kubernetes-admin'): RecordedEvent => ({
  id: `id-${position}`, type, stream, revision: 0, position, data,
  metadata: { actor, commandId: `c-${position}`, correlationId: `c-${position}`, causationId: `c-${position}`, at: at(position), schemaVersion: 1 },
});

/** A log whose positions have gaps, as EventStoreDB's do. */
const LOG: readonly RecordedEvent[] = [
  event(1, 'ClusterInitialized', 'cluster', { clusterName: 'kes', apiEndpoint: 'https://127.0.0.1:6443', adminTokenHash: '<redacted>' }),
  event(2, 'NodeRegistered', 'node-worker-1', { name: 'worker-1', role: 'worker', nodeInfo: { kubeletVersion: 'v1.32.0' } }, 'system:node:worker-1'),
  event(4, 'DeploymentCreated', 'deployment-shop.web', { replicas: 2, template: { spec: { containers: [{ image: 'nginx:1.27' }] } } }),
  event(5, 'PodScheduled', 'pod-shop.web-1', { namespace: 'shop', name: 'web-1', nodeName: 'worker-1' }, 'system:kes-scheduler'),
  event(7, 'NodeCordoned', 'node-worker-1', { name: 'worker-1' }),
  event(9, 'PodScheduled', 'pod-shop.web-2', { namespace: 'shop', name: 'web-2', nodeName: 'worker-1' }, 'system:kes-scheduler'),
];
const TYPES = ['ClusterInitialized', 'NodeRegistered', 'NodeCordoned', 'DeploymentCreated', 'PodScheduled'];
const schemaOf = (type: string) => ({ $schema: 'http://json-schema.org/draft-07/schema#', $id: `/kes/v1/schemas/${type}`, title: type, description: `Data of ${type} events.`, type: 'object' });
const SCHEMA_LIST = { kind: 'EventSchemaList', envelope: '/kes/v1/schemas/KesEvent', items: TYPES.map((type) => ({ type, $id: `/kes/v1/schemas/${type}`, description: `Data of ${type} events.` })) };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** The followed feed: every event after `after` as NDJSON, cut into chunks that split lines, then the server closes it. */
const ndjson = (events: readonly RecordedEvent[]) => {
  const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  const chunks = text.match(/[\s\S]{1,37}/g) ?? [];
  return new Response(new ReadableStream({ start: (c) => (chunks.forEach((chunk) => c.enqueue(new TextEncoder().encode(chunk))), c.close()) }));
};

/** A fake API server's event feed (pages of `page` events, as the real one pages by 1000) and schemas; every request path recorded. */
function fakeApi(page = 2) {
  const requests: string[] = [];
  const fetch = (async (input: string | URL) => {
    const url = new URL(String(input));
    requests.push(url.pathname + url.search);
    const after = Number(url.searchParams.get('after'));
    const rest = LOG.filter((e) => e.position > after);
    if (url.pathname === '/kes/v1/events') return url.searchParams.get('follow') === 'true' ? ndjson(rest) : json({ kind: 'EventLog', items: rest.slice(0, page) });
    if (url.pathname === '/kes/v1/schemas') return json(SCHEMA_LIST);
    const type = url.pathname.match(/^\/kes\/v1\/schemas\/(\w+)$/)?.[1];
    if (type && (type === 'KesEvent' || TYPES.includes(type))) return json(schemaOf(type));
    return json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', message: 'not found', code: 404 }, 404);
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

const positions = (lines: readonly string[]) => lines.slice(1).map((line) => Number(line.split(/\s+/)[0]));

test('events reads the whole log page by page and prints one line an event: position, time, type, object, actor, summary', async (t) => {
  const api = fakeApi();
  const { code, stderr, lines } = await api.kesctl('events');
  t.is(code, 0, stderr);
  t.deepEqual(api.requests, ['/kes/v1/events?after=0', '/kes/v1/events?after=2', '/kes/v1/events?after=5', '/kes/v1/events?after=9']);
  t.regex(lines[0], /^POSITION\s+TIME\s+TYPE\s+OBJECT\s+ACTOR\s+SUMMARY$/);
  t.deepEqual(positions(lines), [1, 2, 4, 5, 7, 9]);
  t.deepEqual(lines[4].split(/\s{3,}/), ['5', at(5), 'PodScheduled', 'pod/shop/web-1', 'system:kes-scheduler', 'scheduled to worker-1']);
  t.deepEqual(lines[1].split(/\s{3,}/).slice(3), ['cluster', 'kubernetes-admin', 'cluster kes initialized at https://127.0.0.1:6443']);
  t.deepEqual(lines[2].split(/\s{3,}/).slice(3), ['node/worker-1', 'system:node:worker-1', 'registered as worker (v1.32.0)']);
});

test('events --kind takes Kubernetes kinds and kubectl names, --type event types, --from a position: each narrows what is printed', async (t) => {
  const api = fakeApi();
  t.deepEqual(positions((await api.kesctl('events', '--kind', 'deploy,Node')).lines), [2, 4, 7]);
  t.deepEqual(positions((await api.kesctl('events', '--kind', 'pods')).lines), [5, 9]);
  t.deepEqual(positions((await api.kesctl('events', '--type', 'PodScheduled,NodeCordoned')).lines), [5, 7, 9]);
  t.deepEqual(positions((await api.kesctl('events', '--kind', 'nodes', '--type', 'NodeCordoned')).lines), [7]);
  api.requests.length = 0;
  t.deepEqual(positions((await api.kesctl('events', '--from', '5', '--no-follow')).lines), [5, 7, 9]);
  t.is(api.requests[0], '/kes/v1/events?after=4', 'from a position: that one included');
  api.requests.length = 0;
  t.deepEqual(positions((await api.kesctl('events', '--from', '5')).lines), [5, 7, 9]);
  t.deepEqual(api.requests, ['/kes/v1/events?after=4&follow=true'], 'from a position, the log is followed');
  const none = await api.kesctl('events', '--kind', 'secrets');
  t.is(none.code, 0);
  t.is(none.stdout, '');
  t.is(none.stderr, 'No events found.\n');
});

test('events -o json prints the events as the API serves them, one a line', async (t) => {
  const api = fakeApi();
  const { code, stdout } = await api.kesctl('events', '--type', 'PodScheduled', '-o', 'json');
  t.is(code, 0);
  t.deepEqual(stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)), LOG.filter((e) => e.type === 'PodScheduled'));
});

test('events --follow reads the followed feed from the position and prints each event as its line arrives', async (t) => {
  const api = fakeApi();
  const { code, stderr, lines } = await api.kesctl('events', '--follow', '--from', '4', '--kind', 'pod');
  t.is(code, 0, stderr);
  t.deepEqual(api.requests, ['/kes/v1/events?after=3&follow=true']);
  t.deepEqual(positions(lines), [5, 9]);
  const raw = await api.kesctl('events', '-f', '-o', 'json');
  t.deepEqual(raw.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)), [...LOG]);
});

test('events refuses what it cannot do before reading the log: an unknown kind, event type, position or output format', async (t) => {
  const api = fakeApi();
  const kind = await api.kesctl('events', '--kind', 'gadgets');
  t.is(kind.code, 1);
  t.regex(kind.stderr, /^error: unknown kind "gadgets" for --kind: use one of Node, Namespace, Pod, .*Deployment/);
  const type = await api.kesctl('events', '--follow', '--type', 'PodScheduled,PodExploded');
  t.is(type.code, 1);
  t.is(type.stderr, 'error: unknown event type "PodExploded" for --type: kesctl events schemas lists the types\n');
  t.regex((await api.kesctl('events', '--from', 'yesterday')).stderr, /invalid argument "yesterday" for "--from" flag/);
  t.regex((await api.kesctl('events', '-o', 'yaml')).stderr, /unknown output format "yaml" for events: use json/);
  t.deepEqual(api.requests.filter((r) => r.startsWith('/kes/v1/events')), []);
});

test('events schemas -o DIR writes each event type\'s schema to DIR/<EventType>.json, the envelope to KesEvent.json and the index', async (t) => {
  const api = fakeApi();
  const dir = tempDir();
  t.teardown(dir.remove);
  const out = join(dir.path, 'schemas');
  const { code, stdout, stderr } = await api.kesctl('events', 'schemas', '-o', out);
  t.is(code, 0, stderr);
  t.is(stdout, `5 event schemas, KesEvent.json (the envelope) and index.json written to ${out}\n`);
  t.deepEqual(readdirSync(out).sort(), [...TYPES.map((type) => `${type}.json`), 'KesEvent.json', 'index.json'].sort());
  const read = (file: string) => JSON.parse(readFileSync(join(out, file), 'utf8'));
  for (const type of [...TYPES, 'KesEvent']) t.deepEqual(read(`${type}.json`), schemaOf(type));
  t.deepEqual(read('index.json'), SCHEMA_LIST);
  const listed = await api.kesctl('events', 'schemas');
  t.deepEqual(listed.lines.map((line) => line.split(/\s{3,}/)[0]), ['TYPE', ...TYPES]);
});
