import test from 'ava';
import { Writable } from 'node:stream';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';

/** kesctl against a fetch that answers `respond` and records each URL. */
async function kesctl(args: string[], respond: () => Response) {
  const urls: string[] = [];
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(chunk.toString()), done()) });
  const fetch = (async (input: string | URL) => (urls.push(String(input)), respond())) as typeof globalThis.fetch;
  const code = await runKesctl(['--server', 'http://api', '--token', 't', ...args], {
    stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, fetch,
  });
  return { code, urls, stdout, stderr };
}

const text = (...chunks: string[]) => () =>
  new Response(new ReadableStream({ start: (c) => (chunks.forEach((chunk) => c.enqueue(new TextEncoder().encode(chunk))), c.close()) }));
const status = (code: number, reason: string, message: string) => () =>
  new Response(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code }), { status: code });

test('logs asks for the pod\'s log with kubectl\'s query and prints the body as it comes', async (t) => {
  const plain = await kesctl(['logs', 'web', '-n', 'shop'], text('line 1\n', 'line ', '2\n'));
  t.is(plain.code, 0, plain.stderr);
  t.deepEqual(plain.urls, ['http://api/api/v1/namespaces/shop/pods/web/log']);
  t.is(plain.stdout, 'line 1\nline 2\n');
  const all = await kesctl(['logs', 'pod/web', '-c', 'app', '-f', '--previous', '--tail', '3'], text('x\n'));
  t.deepEqual(all.urls, ['http://api/api/v1/namespaces/default/pods/web/log?container=app&follow=true&previous=true&tailLines=3']);
  t.is(all.stdout, 'x\n');
});

test('logs prints the server\'s refusal as kubectl does, and refuses what is not a pod', async (t) => {
  const several = await kesctl(['logs', 'two'], status(400, 'BadRequest', 'a container name must be specified for pod two, choose one of: [web sidecar]'));
  t.is(several.code, 1);
  t.is(several.stderr, 'Error from server (BadRequest): a container name must be specified for pod two, choose one of: [web sidecar]\n');
  const missing = await kesctl(['logs', 'nope'], status(404, 'NotFound', 'pods "nope" not found'));
  t.is(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  const deployment = await kesctl(['logs', 'deploy/web'], text());
  t.is(deployment.code, 1);
  t.regex(deployment.stderr, /^error: kesctl logs reads the logs of a pod: give POD or pod\/NAME, not "deploy\/web"/);
  t.deepEqual(deployment.urls, []);
  t.regex((await kesctl(['logs', 'web', '--tail', 'x'], text())).stderr, /invalid argument "x" for "--tail" flag/);
});
