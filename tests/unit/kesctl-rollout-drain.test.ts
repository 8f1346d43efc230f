import test from 'ava';
import { fakeApi, status, type Answer, type FakeApi, type Recorded } from './kesctl-fake-api.js';
import { deployment, node, pod, workloads } from './kesctl-workload-fixtures.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

/** Each GET of the Deployment answers the next of these statuses, then the last one for good. */
function rollingOut(steps: { generation?: number; status: Record<string, unknown> }[]) {
  let step = 0;
  return (r: Recorded): Answer => {
    if (r.method !== 'GET' || r.path !== WEB) return undefined;
    const { generation, status: s } = steps[Math.min(step++, steps.length - 1)];
    return { code: 200, body: deployment({ generation, status: s }) };
  };
}

test('rollout status prints each new stage of the rollout until it has succeeded', async (t) => {
  const api = await fakeApi(t, workloads(), {
    intercept: rollingOut([
      { generation: 2, status: { observedGeneration: 1 } },
      { generation: 2, status: { observedGeneration: 2, updatedReplicas: 1, replicas: 4, availableReplicas: 3 } },
      { generation: 2, status: { observedGeneration: 2, updatedReplicas: 3, replicas: 4, availableReplicas: 3 } },
      { generation: 2, status: { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 } },
      { generation: 2, status: { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 } },
      { generation: 2, status: { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 } },
    ]),
  });
  const result = await api.kesctl('rollout', 'status', 'deployment/web');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    [
      'Waiting for deployment spec update to be observed...',
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
      'deployment "web" successfully rolled out',
      '',
    ].join('\n'),
  );
  t.deepEqual(result.slept, [1000, 1000, 1000, 1000, 1000]);
  t.true(api.requests.every((r) => r.method === 'GET' && r.path === WEB));
});

test('rollout status gives up after --timeout, and stops at an exceeded progress deadline', async (t) => {
  const stuck = { generation: 1, status: { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 2 } };
  const api = await fakeApi(t, workloads(), { intercept: rollingOut([stuck]) });
  const result = await api.kesctl('rollout', 'status', 'deploy', 'web', '--timeout', '2500ms');
  t.is(result.code, 1);
  t.is(result.stdout, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n');
  t.is(result.stderr, 'error: timed out waiting for the condition\n');
  t.deepEqual(result.slept, [1000, 1000, 500]);

  const deadline = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: '', lastUpdateTime: '', lastTransitionTime: '' }];
  const failed = await fakeApi(t, workloads(), { intercept: rollingOut([{ status: { ...stuck.status, conditions: deadline } }]) });
  t.is((await failed.kesctl('rollout', 'status', 'deployment/web')).stderr, 'error: deployment "web" exceeded its progress deadline\n');
  t.is((await failed.kesctl('rollout', 'status', 'rs/web-7d4b9')).stderr, 'error: no status viewer has been implemented for ReplicaSet: kesctl follows deployments\n');
  t.is(
    (await failed.kesctl('rollout', 'status', 'deploy/web', '--timeout', '5')).stderr,
    'error: invalid argument "5" for "--timeout" flag: time: invalid duration "5" (use a unit, e.g. 30s, 5m, 1h)\n',
  );
});

/** Node node-1 runs two ReplicaSet pods, a DaemonSet pod and a pod of its own; node-2 runs one more. */
function nodeOne() {
  return [
    node('node-1'), node('node-2'),
    pod('web-7d4b9-aaaaa', { node: 'node-1' }), pod('web-7d4b9-bbbbb', { node: 'node-1' }), pod('web-7d4b9-ccccc', { node: 'node-2' }),
    pod('bare', { node: 'node-1', owner: { kind: 'none', name: '' } }),
    pod('proxy-x1', { namespace: 'kube-system', node: 'node-1', owner: { kind: 'DaemonSet', name: 'proxy' } }),
  ];
}

/** Evictions the fake accepts: an evicted pod is still there at the first GET after, gone at the next. */
function evictions(refuse: Record<string, number> = {}) {
  const leaving = new Map<string, number>();
  return (r: Recorded, api: FakeApi): Answer => {
    if (r.method === 'POST' && r.path.endsWith('/eviction')) {
      const name = r.body.metadata.name as string;
      if ((refuse[name] ?? 0) > 0) {
        refuse[name]--;
        return { code: 429, body: status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.") };
      }
      leaving.set(r.path.replace(/\/eviction$/, ''), 1);
      return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
    }
    const left = leaving.get(r.path);
    if (r.method === 'GET' && left !== undefined) {
      if (left > 0) leaving.set(r.path, left - 1);
      else api.store.delete(r.path);
    }
    return undefined;
  };
}

test('drain cordons, lists the node pods, evicts each, waits until they are gone', async (t) => {
  const api = await fakeApi(t, nodeOne(), { intercept: evictions() });
  const result = await api.kesctl('drain', 'node-1', '--ignore-daemonsets', '--force');
  t.is(result.code, 0, result.stderr);
  t.is(result.stderr, 'Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: kube-system/proxy-x1\n');
  t.is(
    result.stdout,
    [
      'node/node-1 cordoned',
      'evicting pod default/bare', 'evicting pod default/web-7d4b9-aaaaa', 'evicting pod default/web-7d4b9-bbbbb',
      'pod/bare evicted', 'pod/web-7d4b9-aaaaa evicted', 'pod/web-7d4b9-bbbbb evicted',
      'node/node-1 drained', '',
    ].join('\n'),
  );
  const pods = '/api/v1/namespaces/default/pods';
  t.deepEqual(api.requests.map((r) => `${r.method} ${r.url}`), [
    'GET /api/v1/nodes/node-1', 'PATCH /api/v1/nodes/node-1', 'GET /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1',
    `POST ${pods}/bare/eviction`, `POST ${pods}/web-7d4b9-aaaaa/eviction`, `POST ${pods}/web-7d4b9-bbbbb/eviction`,
    `GET ${pods}/bare`, `GET ${pods}/web-7d4b9-aaaaa`, `GET ${pods}/web-7d4b9-bbbbb`,
    `GET ${pods}/bare`, `GET ${pods}/web-7d4b9-aaaaa`, `GET ${pods}/web-7d4b9-bbbbb`,
  ]);
  t.deepEqual(api.requests[1].body, { spec: { unschedulable: true } });
  t.deepEqual(api.requests[3].body, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'bare', namespace: 'default' }, deleteOptions: {} });
  t.deepEqual(result.slept, [1000]);
  t.true(api.store.has('/api/v1/namespaces/kube-system/pods/proxy-x1'));
  t.true(api.store.has(`${pods}/web-7d4b9-ccccc`));
});

test('drain refuses pods no controller would recreate, and DaemonSet pods, as kubectl does', async (t) => {
  const api = await fakeApi(t, nodeOne(), { intercept: evictions() });
  const result = await api.kesctl('drain', 'node/node-1');
  t.is(result.code, 1);
  t.is(result.stdout, 'node/node-1 cordoned\n');
  const unmanaged = 'cannot delete Pods that declare no controller (use --force to override): default/bare';
  const daemonSet = 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/proxy-x1';
  t.is(
    result.stderr,
    `error: unable to drain node "node-1" due to error: [${unmanaged}, ${daemonSet}], continuing command...\n` +
      `There are pending nodes to be drained:\n node-1\n${unmanaged}\n${daemonSet}\n`,
  );
  t.false(api.requests.some((r) => r.path.endsWith('/eviction')));
  const again = await api.kesctl('drain', 'node-1', '--ignore-daemonsets');
  t.is(again.stdout, 'node/node-1 already cordoned\n');
  t.is(again.stderr, `error: unable to drain node "node-1" due to error: ${unmanaged}, continuing command...\nThere are pending nodes to be drained:\n node-1\n${unmanaged}\n`);
});

test('drain retries an eviction a disruption budget refuses, passes the grace period, and times out', async (t) => {
  const api = await fakeApi(t, nodeOne(), { intercept: evictions({ 'web-7d4b9-aaaaa': 1 }) });
  const result = await api.kesctl('drain', 'node-1', '--ignore-daemonsets', '--force', '--grace-period', '10');
  t.is(result.code, 0, result.stderr);
  t.regex(result.stderr, /\nerror when evicting pods\/"web-7d4b9-aaaaa" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n$/);
  t.deepEqual(result.slept, [5000, 1000]);
  t.deepEqual(api.requests.find((r) => r.path.endsWith('/eviction'))!.body.deleteOptions, { gracePeriodSeconds: 10 });

  const stuck = await fakeApi(t, nodeOne(), { intercept: (r) => (r.path.endsWith('/eviction') ? { code: 201, body: {} } : undefined) });
  const timedOut = await stuck.kesctl('drain', 'node-1', '--ignore-daemonsets', '--force', '--timeout', '2s');
  t.is(timedOut.code, 1);
  t.deepEqual(timedOut.slept, [1000, 1000]);
  t.regex(timedOut.stderr, /\nerror: unable to drain node "node-1" due to error: error when waiting for pod "bare" in namespace "default" to terminate: global timeout reached: 2s, continuing command\.\.\.\n/);
  t.is((await stuck.kesctl('drain', 'ghost')).stderr, 'Error from server (NotFound): nodes "ghost" not found\n');
});

test('rollout history lists the revisions of the Deployment\'s ReplicaSets as kubectl does', async (t) => {
  const api = await fakeApi(t, workloads());
  const history = await api.kesctl('rollout', 'history', 'deployment/web');
  t.is(history.code, 0, history.stderr);
  t.is(history.stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  t.is((await api.kesctl('rollout', 'history', 'rs/web-7d4b9')).code, 1);
});

test('rollout undo patches the Deployment with the previous revision\'s template, less its pod-template-hash', async (t) => {
  const api = await fakeApi(t, workloads());
  const undone = await api.kesctl('rollout', 'undo', 'deployment/web');
  t.deepEqual(undone, { code: 0, stdout: 'deployment.apps/web rolled back\n', stderr: '', slept: [] });
  const patch = api.requests.find((r) => r.method === 'PATCH')!;
  t.is(patch.path, WEB);
  const template = (await api.kesctl('get', 'deployment', 'web', '-o', 'json')).stdout;
  const spec = JSON.parse(template).spec.template;
  t.is(spec.spec.containers[0].image, 'nginx:1.24');
  t.false('pod-template-hash' in spec.metadata.labels);

  const again = await api.kesctl('rollout', 'undo', 'deployment/web', '--to-revision=1');
  t.deepEqual(again.stdout, 'deployment.apps/web skipped rollback (current template already matches revision 1)\n');
  const missing = await api.kesctl('rollout', 'undo', 'deployment/web', '--to-revision=7');
  t.is(missing.code, 1);
  t.regex(missing.stderr, /unable to find specified revision 7 in history/);
});

test('rollout undo with one revision only says there is no history', async (t) => {
  const api = await fakeApi(t, workloads().filter((o) => o.metadata.name !== 'web-5c8f6'));
  const result = await api.kesctl('rollout', 'undo', 'deploy', 'web');
  t.is(result.code, 1);
  t.regex(result.stderr, /no rollout history found for deployment "web"/);
  t.false(api.requests.some((r) => r.method === 'PATCH'));
});
