import test from 'ava';
import { apiHarness, ADMIN_TOKEN } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { watchLines as watchLinesOverHttp } from '../support/workload-api.js';

type Line = { type: string; object: { metadata: { name: string; resourceVersion: string; labels: Record<string, string> }; spec: { unschedulable?: boolean } } };

/** Reads `count` watch lines from a streaming GET, then aborts it; `afterFirstLine` runs once the watch has begun. */
async function watchLines(url: string, count: number, afterFirstLine?: () => unknown): Promise<Line[]> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: abort.signal });
  const lines: Line[] = [];
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    const before = lines.length;
    lines.push(...parts.filter(Boolean).map((p) => JSON.parse(p) as Line));
    if (before === 0 && lines.length > 0) afterFirstLine?.();
    if (lines.length >= count) break;
  }
  abort.abort();
  return lines.slice(0, count);
}

test('a watch resumes from any resourceVersion in history and then follows live changes', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const registered = await api.admin('RegisterNode', registration('w1'));
  await api.admin('ChangeNodeLabels', { name: 'w1', set: { disk: 'ssd' }, remove: [] });
  await api.admin('CordonNode', { name: 'w1' });

  const fromRegistration = watchLines(`${base}/api/v1/nodes?watch=true&resourceVersion=${registered.position}`, 3);
  setTimeout(() => void api.admin('DeleteNode', { name: 'w1' }), 300);
  const lines = await fromRegistration;
  t.deepEqual(lines.map((l) => l.type), ['MODIFIED', 'MODIFIED', 'DELETED']);
  t.is(lines[0].object.metadata.labels.disk, 'ssd');
  t.is(lines[0].object.spec.unschedulable, undefined, 'the first change shows the node as it was then: not yet cordoned');
  t.true(lines[1].object.spec.unschedulable);
  t.is(lines[2].object.metadata.name, 'w1');
  t.true(Number(lines[0].object.metadata.resourceVersion) < Number(lines[1].object.metadata.resourceVersion));
});

test('a watch without a resourceVersion starts with every current node as ADDED, filtered by labels', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  await api.admin('RegisterNode', registration('w1', { labels: { pool: 'a' } }));
  await api.admin('RegisterNode', registration('w2', { labels: { pool: 'b' } }));
  // The changes come once the watch has sent the present (a change made before it began would be in the ADDED line).
  const lines = await watchLines(`${base}/api/v1/nodes?watch=true&labelSelector=pool%3Da`, 2, () =>
    api.admin('CordonNode', { name: 'w2' }).then(() => api.admin('CordonNode', { name: 'w1' })));
  t.deepEqual(lines.map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'w1'], ['MODIFIED', 'w1']]);
});

test('a watch or list resourceVersion that is not one is a 400; one beyond the log is the 504 kube-apiserver answers; empty and 0 start from the present', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  await api.admin('RegisterNode', registration('w1'));
  const head = await api.clusterHead();

  for (const url of ['/api/v1/nodes', '/api/v1/pods', '/api/v1/namespaces/default/pods'])
    for (const query of ['watch=1&', 'watch=true&', '']) {
      for (const version of ['abc', '-1', '1.5']) {
        const invalid = await api.request('GET', `${url}?${query}resourceVersion=${version}`);
        t.is(invalid.statusCode, 400, `${url}?${query}resourceVersion=${version}`);
        t.like(invalid.json(), { kind: 'Status', reason: 'BadRequest', message: `resourceVersion: Invalid value: "${version}": must be a resourceVersion the server gave out (a whole number, 0 or more), or empty for the most recent` });
      }
      // The 400s above are audited: the log (and the models' position) moved on past the cluster's last change.
      const current = await api.settled();
      const tooLarge = await api.request('GET', `${url}?${query}resourceVersion=${head + 1000}`);
      t.is(tooLarge.statusCode, 504, `${url}?${query}resourceVersion=${head + 1000}`);
      t.deepEqual(tooLarge.json(), {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Timeout', code: 504,
        message: `Timeout: Too large resource version: ${head + 1000}, current: ${current}`,
        details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
      });
    }

  t.is((await api.request('GET', `/api/v1/nodes?resourceVersion=${head}`)).statusCode, 200);
  for (const version of ['', '0']) {
    const lines = await watchLinesOverHttp(`${base}/api/v1/nodes?watch=true&resourceVersion=${version}`, 1);
    t.deepEqual(lines.map((l) => [l.type, l.object.metadata.name]), [['ADDED', 'w1']], `resourceVersion=${version}`);
  }
});
