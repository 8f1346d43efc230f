import test from 'ava';
import { Writable } from 'node:stream';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { podManifest, workloadApi } from '../support/workload-api.js';

const PODS = '/api/v1/namespaces/shop/pods';

/** kesctl's output as it comes, and a wait for a line the output must come to hold. */
function liveOutput() {
  let text = '';
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      text += chunk.toString();
      for (const w of waiting.filter((w) => w.pattern.test(text))) w.resolve();
      done();
    },
  });
  const shows = (pattern: RegExp) => (pattern.test(text) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ pattern, resolve })));
  return { sink, shows, lines: () => text.split('\n').filter(Boolean) };
}

test('kesctl events --from P prints the events from position P on, then keeps following the log until interrupted', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const create = async (name: string) => Number((await api.request('POST', PODS, podManifest(name))).json().metadata.resourceVersion);
  await create('before');
  const from = await create('first');
  await create('second');

  const out = liveOutput();
  const interrupt = new AbortController();
  const fetchUntilInterrupted = ((input: string | URL, init?: RequestInit) => fetch(input, { ...init, signal: interrupt.signal })) as typeof fetch;
  const stderr = liveOutput();
  const running = runKesctl(['--server', base, '--token', ADMIN_TOKEN, 'events', '--from', String(from), '--kind', 'pod'], { stdout: out.sink, stderr: stderr.sink, env: {}, fetch: fetchUntilInterrupted });
  await out.shows(/pod\/shop\/second/);
  const live = await create('live');
  await out.shows(/pod\/shop\/live/);
  interrupt.abort();
  await running;

  const [header, ...events] = out.lines();
  t.regex(header, /^POSITION\s+TIME\s+TYPE\s+OBJECT\s+ACTOR\s+SUMMARY$/);
  // A create is PodCreated and the record of its manager; a pod's resourceVersion is the last of them.
  t.deepEqual(events.map((line) => line.split(/\s+/).slice(2, 4).join(' ')), [
    'ManagedFieldsChanged pod/shop/first',
    'PodCreated pod/shop/second',
    'ManagedFieldsChanged pod/shop/second',
    'PodCreated pod/shop/live',
    'ManagedFieldsChanged pod/shop/live',
  ]);
  t.is(Number(events[0].split(/\s+/)[0]), from, 'starts at the position given');
  t.is(Number(events[4].split(/\s+/)[0]), live, 'an event recorded while it runs is printed');
});
