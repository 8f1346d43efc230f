import test, { type ExecutionContext } from 'ava';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ContainerLogsUnavailable } from '../../application/ports/container-runtime.js';
import type { ContainerLogsRequest } from '../../application/ports/kubelet-logs.js';
import { startKubeletServer } from '../../apps/node/kubelet-server.js';
import { ensureClusterPki, KUBELET_CLIENT_COMMON_NAME } from '../../infrastructure/crypto/cluster-pki.js';
import { HttpsKubeletLogs } from '../../infrastructure/kubelet/kubelet-logs-client.js';
import { containerBecomes, nodeContainer, podBecomes, podView, processRuntime } from '../support/process-pods.js';
import { eventually } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

/** A node's kubelet API on a free loopback port, serving a real process runtime; the API server's client for it. */
async function kubeletNode(t: ExecutionContext) {
  const dir = tempDir('kes-kubelet-');
  const pki = await ensureClusterPki(dir.path, []);
  const { runtime } = await processRuntime(t, { backoff: { baseMs: 60_000, capMs: 60_000 } });
  const server = await startKubeletServer({ nodeName: 'n1', port: 0, caCert: pki.caCert, dataDir: dir.path, log: () => undefined });
  server.serve(runtime);
  const client = new HttpsKubeletLogs({ cert: pki.kubeletClientCert, key: pki.kubeletClientKey });
  t.teardown(async () => {
    await client.close();
    await server.close();
    dir.remove();
  });
  const kubelet = { host: '127.0.0.1', port: server.port };
  const logs = async (pod: string, options: Partial<ContainerLogsRequest> = {}, signal = new AbortController().signal) => {
    let text = '';
    for await (const chunk of await client.open(kubelet, { namespace: 'default', pod, container: 'app', ...options }, signal)) text += Buffer.from(chunk).toString();
    return text;
  };
  return { runtime, server, client, kubelet, logs, pki, caKey: readFileSync(join(dir.path, 'ca.key'), 'utf8') };
}

/** A GET with or without a client certificate, answering the status code. */
function statusOf(port: number, identity: { cert?: string; key?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/containerLogs/default/lines/app', rejectUnauthorized: false, ...identity }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const COUNT_TO = (n: number) => `for (let i = 1; i <= ${n}; i++) console.log('line ' + i)`;

test('the cluster PKI has the API server\'s kubelet client certificate, signed by the cluster CA, for client auth', async (t) => {
  const { pki } = await kubeletNode(t);
  const client = new X509Certificate(pki.kubeletClientCert);
  t.true(client.checkIssued(new X509Certificate(pki.caCert)));
  t.regex(client.subject, new RegExp(`CN=${KUBELET_CLIENT_COMMON_NAME}`));
  t.regex(client.keyUsage?.join(' ') ?? '', /1\.3\.6\.1\.5\.5\.7\.3\.2/, 'extKeyUsage clientAuth');
});

test('the kubelet serves a container\'s logs, or their last lines, to the API server', async (t) => {
  const { runtime, logs } = await kubeletNode(t);
  await runtime.start('default.lines', podView('lines', [nodeContainer('app', COUNT_TO(5))], { restartPolicy: 'Never' }));
  await podBecomes(runtime, 'default.lines', (s) => s.phase === 'Succeeded');
  t.is(await logs('lines'), 'line 1\nline 2\nline 3\nline 4\nline 5\n');
  t.is(await logs('lines', { tailLines: 2 }), 'line 4\nline 5\n');
  t.is(await logs('lines', { tailLines: 1, limitBytes: 4 }), 'line');
  t.regex(await logs('lines', { tailLines: 1, timestamps: true }), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z line 5\n$/);
  t.is(await logs('lines', { sinceSeconds: 3600 }), 'line 1\nline 2\nline 3\nline 4\nline 5\n');
  t.is(await logs('lines', { sinceTime: new Date(Date.now() + 60_000).toISOString() }), '');
  const refused = await t.throwsAsync(logs('lines', { previous: true }), { instanceOf: ContainerLogsUnavailable });
  t.is(refused?.message, 'previous terminated container "app" in pod "lines" not found');
  t.is((refused as ContainerLogsUnavailable).problem, 'PreviousNotFound');
  const unknown = await t.throwsAsync(logs('nope'), { instanceOf: ContainerLogsUnavailable });
  t.is((unknown as ContainerLogsUnavailable).problem, 'PodNotFound');
  await t.throwsAsync(logs('lines', { container: 'db' }), { instanceOf: ContainerLogsUnavailable, message: 'container db is not valid for pod lines' });
});

test('previous gives the run before a restart', async (t) => {
  const { runtime, logs } = await kubeletNode(t);
  const script = "const fs = require('fs'); const n = fs.existsSync('runs') ? Number(fs.readFileSync('runs', 'utf8')) + 1 : 0; fs.writeFileSync('runs', String(n)); console.log('run ' + n); setTimeout(() => process.exit(n === 0 ? 1 : 0), 100 + n * 60000)";
  await runtime.start('default.again', podView('again', [nodeContainer('app', script)]));
  await containerBecomes(runtime, 'default.again', 'app', (s) => s.restartCount === 1 && 'running' in s.state);
  await eventually(() => logs('again').catch(() => ''), (text) => text === 'run 1\n');
  t.is(await logs('again', { previous: true }), 'run 0\n');
});

test('follow streams lines as they are written and ends when the container stops; a client that leaves ends it too', async (t) => {
  const { runtime, client, kubelet } = await kubeletNode(t);
  const ticker = "let i = 0; const timer = setInterval(() => { console.log('tick ' + ++i); if (i === 5) { clearInterval(timer); setTimeout(() => process.exit(0), 100); } }, 150)";
  await runtime.start('default.ticker', podView('ticker', [nodeContainer('app', ticker)], { restartPolicy: 'Never' }));
  await containerBecomes(runtime, 'default.ticker', 'app', (s) => 'running' in s.state || 'terminated' in s.state);
  const chunks: string[] = [];
  const body = await client.open(kubelet, { namespace: 'default', pod: 'ticker', container: 'app', follow: true }, new AbortController().signal);
  for await (const chunk of body) chunks.push(Buffer.from(chunk).toString());
  t.is(chunks.join(''), 'tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n');
  t.true(chunks.length > 1, 'the lines came as they were written');

  await runtime.start('default.quiet', podView('quiet', [nodeContainer('app', "console.log('hello'); setInterval(() => {}, 1000)")]));
  await containerBecomes(runtime, 'default.quiet', 'app', (s) => 'running' in s.state);
  const leaving = new AbortController();
  const quiet = await client.open(kubelet, { namespace: 'default', pod: 'quiet', container: 'app', follow: true }, leaving.signal);
  const iterator = quiet[Symbol.asyncIterator]();
  t.is(Buffer.from((await iterator.next()).value).toString(), 'hello\n');
  const pending = iterator.next().catch((error: Error) => error.name);
  leaving.abort();
  t.is(await pending, 'AbortError', 'the follow of a running container ends when its client leaves');
});

test('only the API server\'s client certificate is served: none or another CA\'s is 401, another name is 403', async (t) => {
  const { server, pki, caKey } = await kubeletNode(t);
  t.is(await statusOf(server.port), 401);
  const stranger = await generate([{ name: 'commonName', value: KUBELET_CLIENT_COMMON_NAME }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
  t.is(await statusOf(server.port, { cert: stranger.cert, key: stranger.private }), 401, 'self-signed, not by the cluster CA');
  const other = await generate([{ name: 'commonName', value: 'system:node:n2' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', ca: { cert: pki.caCert, key: caKey },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', clientAuth: true }],
  });
  t.is(await statusOf(server.port, { cert: other.cert, key: other.private }), 403);
  t.is(await statusOf(server.port, { cert: pki.kubeletClientCert, key: pki.kubeletClientKey }), 404, 'the API server gets through (to a pod that is not there)');
});
