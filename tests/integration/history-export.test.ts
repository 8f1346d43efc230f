import test from 'ava';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModelsAt } from '../../application/queries/at-position.js';
import { readKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import { Writable } from 'node:stream';
import { restore } from '../../apps/kesadm/restore.js';
import { verify } from '../../apps/kesadm/verify.js';
import { FileProjectionSnapshots } from '../../infrastructure/snapshots/file-projection-snapshots.js';
import { projectionLayout } from '../../infrastructure/snapshots/projection-layout.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { ADMIN_TOKEN, apiHarness } from '../support/api-harness.js';
import { base64, configMapManifest, secretManifest } from '../support/service-api.js';
import { deploymentManifest, MERGE } from '../support/workload-api.js';
import { tempDir } from '../support/tmp.js';

const SECRET_VALUE = 'correct-horse-battery-staple';
const HISTORY = '/kes/v1/history/namespaces/shop/deployments/web';
const restoreOptions = (from: string, dataDir: string) => ({ from, dataDir, nodeName: 'master', apiPort: 6443, singleNode: false });

/** A cluster on a SQLite store driven through a few changes, its export as the API serves it, its log and a history. */
const source = (async () => {
  const dir = tempDir();
  mkdirSync(join(dir.path, 'source'));
  const store = SqliteEventStore.open(join(dir.path, 'source', 'kes.db'));
  const api = await apiHarness({ store });
  const ok = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await api.request(method, url, body, headers);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  };
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  await ok('POST', '/api/v1/namespaces/shop/configmaps', configMapManifest('settings', { mode: 'fast' }));
  await ok('POST', '/api/v1/namespaces/shop/secrets', secretManifest('db', { stringData: { password: SECRET_VALUE } }));
  await ok('POST', '/apis/apps/v1/namespaces/shop/deployments', deploymentManifest('web', 2));
  await ok('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale', { spec: { replicas: 3 } }, MERGE);
  await ok('DELETE', '/api/v1/namespaces/shop/configmaps/settings');
  const exported = await api.request('GET', '/kes/v1/export');
  const history = (await api.request('GET', HISTORY)).json();
  const events = await store.readAll(0, 1_000_000);
  await api.close();
  await store.close();
  writeFileSync(join(dir.path, 'export.ndjson'), exported.body);
  return { dir, file: join(dir.path, 'export.ndjson'), statusCode: exported.statusCode, text: exported.body, history, events };
})();

test.after.always(async () => (await source).dir.remove());

test('the export is the log exactly as recorded between a header and a trailer, with Secret values only as ciphertext', async (t) => {
  const { statusCode, text, events } = await source;
  t.is(statusCode, 200);
  const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  t.like(lines[0], { kind: 'KesExport', formatVersion: 1, cluster: 'kes', since: 1, until: null });
  t.like(lines.at(-1), { kind: 'KesExportEnd', count: events.length, lastPosition: events.length });
  t.deepEqual(lines.slice(1, -1), events as unknown[]);
  t.false(text.includes(SECRET_VALUE) || text.includes(base64(SECRET_VALUE)), 'no Secret value in the clear');
  const secret = events.find((e) => e.type === 'SecretCreated')!.data as { encryptedData: Record<string, string> };
  t.truthy(secret.encryptedData.password, 'the ciphertext is exported');
});

test('export → restore → verify: the same events, ids and positions, a new admin credential, the same history', async (t) => {
  const { dir, file, events, history } = await source;
  const dataDir = join(dir.path, 'restored');
  await restore(restoreOptions(file, dataDir));
  const store = SqliteEventStore.open(join(dataDir, 'kes.db'));
  const restored = await store.readAll(0, 1_000_000);
  t.deepEqual(restored.slice(0, events.length), events);
  t.deepEqual(restored.slice(events.length).map((e) => e.type), ['AdminTokenReplaced']);

  const { token } = readKubeconfig(join(dataDir, 'admin.kubeconfig'));
  t.truthy(token);
  t.not(token, ADMIN_TOKEN);
  const api = await apiHarness({ store, initialized: true });
  let head = 0;
  try {
    const withNewToken = await api.request('GET', HISTORY, undefined, { authorization: `Bearer ${token}` });
    t.is(withNewToken.statusCode, 200);
    t.deepEqual(withNewToken.json(), history, 'the same history');
    t.is((await api.request('GET', HISTORY)).statusCode, 401, 'the old admin token is refused');
  } finally {
    await api.close();
    head = await store.headPosition(); // the refused old token is in the audit now
    await store.close();
  }
  t.true(existsSync(join(dataDir, 'master.json')) && existsSync(join(dataDir, 'pki')), 'what `kesadm start` runs the cluster with');

  let output = '';
  t.is(await verify({ dataDir }, (text) => void (output += text)), 0, output);
  t.true(head > events.length);
  t.regex(output, new RegExp(`ok: ${head} events checked`));
});

test('a truncated or corrupted export is refused with its line number, and nothing is written', async (t) => {
  const { dir, text } = await source;
  const lines = text.split('\n');
  const cases: [string, string, RegExp][] = [
    ['cut mid-line', text.slice(0, text.indexOf('\n', text.length / 2) - 5), new RegExp(`line ${lines.findIndex((_, i) => lines.slice(0, i + 1).join('\n').length >= text.indexOf('\n', text.length / 2) - 5) + 1}: not a JSON object`)],
    ['without its trailer', `${lines.slice(0, -2).join('\n')}\n`, new RegExp(`line ${lines.length - 1}: the export ends after line ${lines.length - 2} without its trailer`)],
    ['a garbled line', [...lines.slice(0, 4), lines[4]!.replace('"type":', '"type"'), ...lines.slice(5)].join('\n'), /line 5: not a JSON object/],
    ['a changed value', [...lines.slice(0, 4), lines[4]!.replace('"actor":"', '"actor":"mallory-'), ...lines.slice(5)].join('\n'), new RegExp(`line ${lines.length - 1}: the event lines do not match the trailer's sha256`)],
    ['a missing line', [...lines.slice(0, 4), ...lines.slice(5)].join('\n'), /line 5: the event is at position 5, not 4/],
  ];
  for (const [name, content, refusal] of cases) {
    const file = join(dir.path, `${name}.ndjson`);
    writeFileSync(file, content);
    const dataDir = join(dir.path, `refused-${name}`);
    const error = await t.throwsAsync(restore(restoreOptions(file, dataDir)));
    t.regex(error!.message, refusal, name);
    t.regex(error!.message, /nothing was written/, name);
    t.false(existsSync(dataDir), `${name}: no data directory made`);
  }
});

test('verify exits non-zero and prints the difference when a snapshot differs from what the log rebuilds', async (t) => {
  const { dir, file } = await source;
  const dataDir = join(dir.path, 'tampered');
  await restore(restoreOptions(file, dataDir));
  const store = SqliteEventStore.open(join(dataDir, 'kes.db'));
  const snapshots = new FileProjectionSnapshots(join(dataDir, 'snapshots'), projectionLayout());
  const head = await store.headPosition();
  await snapshots.save((await readModelsAt(store, head - 3)).snapshot());
  const state = (await readModelsAt(store, head)).snapshot();
  const views = new Map(state.tables.deployment!.views as Map<string, { resourceVersion: number }>);
  const web = views.get('shop.web')!;
  views.set('shop.web', { ...web, resourceVersion: 4242 });
  await snapshots.save({ ...state, tables: { ...state.tables, deployment: { ...state.tables.deployment!, views } } });
  await store.close();

  let output = '';
  t.is(await verify({ dataDir }, (text) => void (output += text)), 1);
  t.regex(output, new RegExp(`snapshot at ${head}: deployment shop.web view.resourceVersion: rebuilt ${web.resourceVersion}, snapshot 4242`));
  t.notRegex(output, new RegExp(`snapshot at ${head - 3}:`), 'the good snapshot has no differences');
  t.regex(output, /FAILED: .* 2 snapshots compared; 0 log problems, 1 differences/);
  t.true(readFileSync(join(dataDir, 'kes.db')).length > 0);
});

const sink = () => {
  let text = '';
  return { stream: new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) }), text: () => text };
};

test('kesctl export writes the whole export to a file, and an export cut short by the server is an error that leaves no file', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const dir = tempDir();
  t.teardown(dir.remove);
  await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  const served = await api.request('GET', '/kes/v1/export');
  const fetchCutAt = (length: number) => (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const response = await api.app.inject({ method: 'GET', url: url.pathname + url.search, headers: init?.headers as Record<string, string> });
    return new Response(response.body.slice(0, length), { status: response.statusCode });
  }) as typeof fetch;
  const kesctl = async (length: number, file: string) => {
    const [out, err] = [sink(), sink()];
    const code = await runKesctl(['--server', 'http://kes.test', '--token', ADMIN_TOKEN, 'export', '-f', file], { stdout: out.stream, stderr: err.stream, env: {}, fetch: fetchCutAt(length) });
    return { code, err: err.text() };
  };
  const whole = await kesctl(served.body.length, join(dir.path, 'whole.ndjson'));
  t.is(whole.code, 0, whole.err);
  t.is(readFileSync(join(dir.path, 'whole.ndjson'), 'utf8'), served.body);
  t.regex(whole.err, /exported \d+ events/);

  const cut = await kesctl(served.body.lastIndexOf('{'), join(dir.path, 'cut.ndjson'));
  t.is(cut.code, 1);
  t.regex(cut.err, /the export is incomplete, line \d+: the export ends after line \d+ without its trailer/);
  t.false(existsSync(join(dir.path, 'cut.ndjson')));
});
