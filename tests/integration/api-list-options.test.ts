import test from 'ava';
import { get } from 'node:http';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { overLoopback } from '../support/loopback-http.js';
import { configMapManifest } from '../support/service-api.js';
import { TABLE, workloadApi } from '../support/workload-api.js';

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const CONFIGMAPS = '/api/v1/namespaces/shop/configmaps';

async function cluster(names: readonly string[]) {
  const api = await workloadApi('shop');
  const http = await overLoopback(api.app);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => http.send(method, path, { ...ADMIN, ...headers }, body);
  for (const name of names) if ((await send('POST', CONFIGMAPS, configMapManifest(name, { v: name }))).status !== 201) throw new Error(name);
  const base = `http://127.0.0.1:${(api.app.server.address() as { port: number }).port}`;
  return { api, send, base, close: async () => (http.close(), await api.close()) };
}

type Line = { type: string; object: { kind: string; metadata: { name?: string; resourceVersion: string; annotations?: Record<string, string> } } };

/** Every line of a watch until the server ends it (timeoutSeconds); `onLine` sees each as it comes. */
function watchToEnd(url: string, onLine: (line: Line) => void = () => undefined): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    get(url, { headers: ADMIN }, (response) => {
      const lines: Line[] = [];
      let buffered = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        for (const part of parts.filter(Boolean)) {
          lines.push(JSON.parse(part) as Line);
          onLine(lines.at(-1)!);
        }
      });
      response.on('end', () => resolve(lines));
    }).on('error', reject);
  });
}

const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);

test('a list pages with limit and continue, every page served at the first page\'s resourceVersion, however the objects change in between', async (t) => {
  const { api, send, close } = await cluster(['e', 'b', 'd', 'a', 'c']);
  t.teardown(close);
  const first = (await send('GET', `${CONFIGMAPS}?limit=2`)).json();
  t.deepEqual(names(first), ['a', 'b']);
  t.is(first.metadata.remainingItemCount, 3);
  t.is(typeof first.metadata.continue, 'string');
  await send('POST', CONFIGMAPS, configMapManifest('bb', { v: 'new' }));
  await send('DELETE', `${CONFIGMAPS}/d`);
  const second = (await send('GET', `${CONFIGMAPS}?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).json();
  t.deepEqual(names(second), ['c', 'd'], 'the snapshot of the first page: no bb, d still there');
  t.is(second.metadata.resourceVersion, first.metadata.resourceVersion);
  t.is(second.metadata.remainingItemCount, 1);
  const last = (await send('GET', `${CONFIGMAPS}?limit=2&continue=${encodeURIComponent(second.metadata.continue)}`)).json();
  t.deepEqual(names(last), ['e']);
  t.is(last.metadata.continue, undefined);
  t.is(last.metadata.remainingItemCount, undefined);
  t.deepEqual(names((await send('GET', CONFIGMAPS)).json()), ['a', 'b', 'bb', 'c', 'e'], 'a new list sees the changes');

  const table = (await send('GET', `/api/v1/configmaps?limit=3`, undefined, { accept: TABLE })).json();
  t.is(table.kind, 'Table');
  t.is(table.rows.length, 3);
  t.is(table.metadata.remainingItemCount, 2);

  const head = await api.clusterHead();
  const garbage = await send('GET', `${CONFIGMAPS}?limit=2&continue=not-a-token`);
  t.like(garbage.json(), { code: 400, reason: 'BadRequest' });
  t.regex(garbage.json().message, /^invalid continue token: /);
  const withVersion = await send('GET', `${CONFIGMAPS}?limit=2&resourceVersion=3&continue=${encodeURIComponent(first.metadata.continue)}`);
  t.like(withVersion.json(), { code: 400, message: 'specifying resource version is not allowed when using continue' });
  t.is((await send('GET', `${CONFIGMAPS}?limit=two`)).status, 400);
  t.is(await api.clusterHead(), head);
});

test('resourceVersionMatch: NotOlderThan waits for that version, Exact lists the objects as they were then; misuse is a 422 in kube-apiserver\'s words', async (t) => {
  const { send, close } = await cluster(['a', 'b']);
  t.teardown(close);
  const before = (await send('GET', CONFIGMAPS)).json().metadata.resourceVersion;
  await send('POST', CONFIGMAPS, configMapManifest('c', { v: 'c' }));
  await send('DELETE', `${CONFIGMAPS}/a`);
  const notOlder = (await send('GET', `${CONFIGMAPS}?resourceVersion=${before}&resourceVersionMatch=NotOlderThan`)).json();
  t.deepEqual(names(notOlder), ['b', 'c']);
  const exact = (await send('GET', `${CONFIGMAPS}?resourceVersion=${before}&resourceVersionMatch=Exact`)).json();
  t.deepEqual(names(exact), ['a', 'b']);
  t.is(exact.metadata.resourceVersion, before);
  const future = await send('GET', `${CONFIGMAPS}?resourceVersion=99999&resourceVersionMatch=Exact`);
  t.like(future.json(), { code: 504, reason: 'Timeout' });

  const refusals = [
    ['resourceVersionMatch=NotOlderThan', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
    ['resourceVersion=0&resourceVersionMatch=Exact', 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ['resourceVersion=1&resourceVersionMatch=Newest', 'resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""'],
    ['watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'],
    ['sendInitialEvents=true&resourceVersion=1&resourceVersionMatch=NotOlderThan', 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
    ['watch=true&sendInitialEvents=true&allowWatchBookmarks=true', 'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'],
    ['watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan', 'allowWatchBookmarks: Forbidden: allowWatchBookmarks must be set to true when sendInitialEvents is specified'],
  ] as const;
  for (const [query, message] of refusals) {
    const refused = await send('GET', `${CONFIGMAPS}?${query}`);
    t.is(refused.status, 422, query);
    t.like(refused.json(), { reason: 'Invalid', message: `ListOptions.meta.k8s.io "" is invalid: ${message}`, details: { group: 'meta.k8s.io', kind: 'ListOptions' } });
  }
});

test('a watch that allows bookmarks gets a BOOKMARK with the resourceVersion it reached before it ends', async (t) => {
  const { send, base, close } = await cluster(['a']);
  t.teardown(close);
  const from = (await send('GET', CONFIGMAPS)).json().metadata.resourceVersion;
  await send('POST', CONFIGMAPS, configMapManifest('b', { v: 'b' }));
  const lines = await watchToEnd(`${base}${CONFIGMAPS}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${from}`);
  t.deepEqual(lines.map((l) => l.type), ['ADDED', 'BOOKMARK']);
  const bookmark = lines[1].object;
  t.is(bookmark.kind, 'ConfigMap');
  t.deepEqual(Object.keys(bookmark.metadata), ['resourceVersion'], 'a bookmark carries nothing but its resourceVersion');
  t.true(Number(bookmark.metadata.resourceVersion) >= Number(lines[0].object.metadata.resourceVersion));
  const plain = await watchToEnd(`${base}${CONFIGMAPS}?watch=true&timeoutSeconds=1&resourceVersion=${from}`);
  t.deepEqual(plain.map((l) => l.type), ['ADDED'], 'no bookmarks unless asked for');
});

test('sendInitialEvents=true sends every current object as ADDED, then a BOOKMARK annotated k8s.io/initial-events-end, then the changes', async (t) => {
  const { send, base, close } = await cluster(['a', 'b']);
  t.teardown(close);
  const at = (await send('GET', CONFIGMAPS)).json().metadata.resourceVersion;
  const url = `${base}${CONFIGMAPS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=${at}&timeoutSeconds=2`;
  let created: Promise<unknown> | undefined;
  const lines = await watchToEnd(url, (line) => {
    if (line.object.metadata.annotations?.['k8s.io/initial-events-end']) created = send('POST', CONFIGMAPS, configMapManifest('c', { v: 'c' }));
  });
  await created;
  t.deepEqual(lines.map((l) => l.type), ['ADDED', 'ADDED', 'BOOKMARK', 'ADDED', 'BOOKMARK']);
  t.is(lines[3].object.metadata.name, 'c');
  t.deepEqual(lines.slice(0, 2).map((l) => l.object.metadata.name).sort(), ['a', 'b']);
  t.deepEqual(lines[2].object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
  t.true(Number(lines[2].object.metadata.resourceVersion) >= Number(at));
  t.is(lines.at(-1)!.type, 'BOOKMARK');
  const recent = await watchToEnd(`${base}${CONFIGMAPS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`, () => undefined);
  t.deepEqual(recent.map((l) => l.type), ['ADDED', 'ADDED', 'ADDED', 'BOOKMARK', 'BOOKMARK'], 'without a resourceVersion: the most recent objects');
});
