import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { fakeApi, status } from './kesctl-fake-api.js';
import { namespace } from './kesctl-workload-fixtures.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const QUERY = '?fieldManager=kubectl-client-side-apply&fieldValidation=Strict';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

const manifest = (replicas: number, labels = 'app: api\n    tier: backend') => `# the api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    ${labels}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: api:1
        resources:
          requests: {cpu: 0.5}
`;

function files(t: { teardown: (f: () => void) => void }, entries: Record<string, string>): string {
  const dir = tempDir();
  t.teardown(dir.remove);
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(dir.path, name, '..'), { recursive: true });
    writeFileSync(join(dir.path, name), text);
  }
  return dir.path;
}

test('apply creates, then finds nothing to change, then sends a merge patch of what changed', async (t) => {
  const dir = files(t, { 'api.yaml': manifest(2) });
  const file = join(dir, 'api.yaml');
  const api = await fakeApi(t, [namespace('default')]);
  t.deepEqual(await api.kesctl('apply', '-f', file), { code: 0, stdout: 'deployment.apps/api created\n', stderr: '', slept: [] });
  t.deepEqual(api.requests.map((r) => `${r.method} ${r.url}`), [`GET ${DEPLOYMENTS}/api`, `POST ${DEPLOYMENTS}${QUERY}`]);
  const posted = api.requests[1].body;
  t.is(posted.metadata.namespace, 'default');
  t.is(
    posted.metadata.annotations[LAST_APPLIED],
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"api","tier":"backend"},"name":"api","namespace":"default"},' +
      '"spec":{"replicas":2,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},' +
      '"spec":{"containers":[{"image":"api:1","name":"api","resources":{"requests":{"cpu":0.5}}}]}}}}\n',
  );

  // What a real server adds (defaults inside list items, status, quantities as strings) is not a change.
  const stored = api.store.get(`${DEPLOYMENTS}/api`)!;
  Object.assign(stored.spec.template.spec.containers[0], { terminationMessagePath: '/dev/termination-log', resources: { requests: { cpu: '0.5' } } });
  stored.status = { replicas: 2, updatedReplicas: 2 };
  stored.spec.revisionHistoryLimit = 10;
  t.is((await api.kesctl('apply', '-f', file)).stdout, 'deployment.apps/api unchanged\n');
  t.deepEqual(api.writes().length, 1);

  writeFileSync(file, manifest(4, 'app: api'));
  t.deepEqual(await api.kesctl('apply', '-f', file), { code: 0, stdout: 'deployment.apps/api configured\n', stderr: '', slept: [] });
  const patch = api.requests.at(-1)!;
  t.is(`${patch.method} ${patch.url}`, `PATCH ${DEPLOYMENTS}/api${QUERY}`);
  t.is(patch.contentType, 'application/merge-patch+json');
  t.deepEqual(Object.keys(patch.body).sort(), ['metadata', 'spec']);
  t.deepEqual(patch.body.metadata.labels, { tier: null });
  t.true(patch.body.metadata.annotations[LAST_APPLIED].includes('"replicas":4'));
  t.deepEqual(patch.body.spec, { replicas: 4 });
  t.is(api.store.get(`${DEPLOYMENTS}/api`)!.spec.replicas, 4);
  t.is(api.store.get(`${DEPLOYMENTS}/api`)!.spec.revisionHistoryLimit, 10);

  // A changed list item sends the whole list, as JSON merge patch must.
  writeFileSync(file, manifest(4, 'app: api').replace('api:1', 'api:2'));
  t.is((await api.kesctl('apply', '-f', file)).stdout, 'deployment.apps/api configured\n');
  t.deepEqual(api.requests.at(-1)!.body.spec, {
    template: { spec: { containers: [{ name: 'api', image: 'api:2', resources: { requests: { cpu: 0.5 } } }] } },
  });
});

test('apply a multi-document file, a directory and stdin, in order', async (t) => {
  const dir = files(t, {
    'all.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n---\n${manifest(1).replace('name: api', 'name: api\n  namespace: shop')}`,
    'more/a.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }),
    'more/b.yml': 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: rs1}, spec: {replicas: 1}}\n',
    'more/notes.txt': 'not a manifest',
  });
  const api = await fakeApi(t, []);
  const result = await api.kesctl('apply', '-f', join(dir, 'all.yaml'), '-f', join(dir, 'more'));
  t.is(result.code, 0, result.stderr);
  t.is(result.stdout, 'namespace/shop created\ndeployment.apps/api created\npod/solo created\nreplicaset.apps/rs1 created\n');
  t.deepEqual(api.writes(), [
    `POST /api/v1/namespaces${QUERY}`,
    `POST /apis/apps/v1/namespaces/shop/deployments${QUERY}`,
    `POST /api/v1/namespaces/default/pods${QUERY}`,
    `POST /apis/apps/v1/namespaces/default/replicasets${QUERY}`,
  ]);
  const stdin = await api.kesctlWithStdin(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }), 'apply', '-f', '-');
  t.is(stdin.stdout, 'pod/solo unchanged\n');
});

test('create -f only POSTs, and an existing object is AlreadyExists as with kubectl', async (t) => {
  const dir = files(t, { 'api.yaml': manifest(1) });
  const api = await fakeApi(t, []);
  const file = join(dir, 'api.yaml');
  t.is((await api.kesctl('create', '-f', file)).stdout, 'deployment.apps/api created\n');
  t.deepEqual(api.writes(), [`POST ${DEPLOYMENTS}?fieldManager=kubectl-create&fieldValidation=Strict`]);
  t.is(api.requests[0].body.metadata.annotations, undefined);
  t.deepEqual(await api.kesctl('create', '-f', file), {
    code: 1, stdout: '', stderr: `Error from server (AlreadyExists): error when creating "${file}": deployments.apps "api" already exists\n`, slept: [],
  });
  t.is((await api.kesctl('create', 'namespace', 'shop')).stdout, 'namespace/shop created\n');
  t.deepEqual(api.requests.at(-1)!.body, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  t.is((await api.kesctl('create', 'ns', 'shop')).stderr, 'Error from server (AlreadyExists): namespaces "shop" already exists\n');
});

test('the server refusing a manifest is reported per object; the others still apply', async (t) => {
  const dir = files(t, { 'two.yaml': `${manifest(1).replace('replicas', 'replicass')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n` });
  const message = 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"';
  const api = await fakeApi(t, [], {
    intercept: (r) => (r.method === 'POST' && r.path.endsWith('/deployments') ? { code: 400, body: status(400, 'BadRequest', message) } : undefined),
  });
  const file = join(dir, 'two.yaml');
  const result = await api.kesctl('apply', '-f', file);
  t.deepEqual(result, { code: 1, stdout: 'namespace/ok created\n', stderr: `Error from server (BadRequest): error when creating "${file}": ${message}\n`, slept: [] });
});

test('client-side apply errors come before any request', async (t) => {
  const dir = files(t, {
    'bad.yaml': 'kind: Deployment\nmetadata: {name: x}\n',
    'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n',
    'other.yaml': manifest(1).replace('name: api', 'name: api\n  namespace: default'),
    'cron.yaml': 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\n',
  });
  const api = await fakeApi(t, []);
  const run = async (...args: string[]) => (await api.kesctl(...args)).stderr;
  t.is(await run('apply'), 'error: must specify one of -f and -k\n');
  t.is(await run('apply', '-f', join(dir, 'bad.yaml')), `error: error validating "${join(dir, 'bad.yaml')}": error validating data: [apiVersion not set]; kesctl cannot tell which resource it is\n`);
  t.regex(await run('apply', '-f', join(dir, 'broken.yaml')), /^error: error parsing .*broken\.yaml: /);
  t.is(await run('apply', '-f', join(dir, 'gone.yaml')), `error: the path "${join(dir, 'gone.yaml')}" does not exist\n`);
  t.is(
    await run('apply', '-n', 'prod', '-f', join(dir, 'other.yaml')),
    `error: the namespace from the provided object "default" does not match the namespace "prod". You must pass '--namespace=default' to perform this operation.\n`,
  );
  t.is(await run('apply', '-f', join(dir, 'cron.yaml')), `error: resource mapping not found for name: "nightly" from "${join(dir, 'cron.yaml')}": no matches for kind "CronJob" in version "batch/v1"\n`);
  t.deepEqual(api.requests, []);
});

test('apply to an object created without apply warns, then patches as if nothing had been applied before', async (t) => {
  const dir = files(t, { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {team: a}\n' });
  const api = await fakeApi(t, [namespace('prod')]);
  const result = await api.kesctl('apply', '-f', join(dir, 'ns.yaml'));
  t.is(result.stdout, 'namespace/prod configured\n');
  t.regex(result.stderr, /^Warning: resource namespaces\/prod is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
  t.deepEqual(api.requests.at(-1)!.body.metadata.labels, { team: 'a' });
  t.is(api.requests.at(-1)!.url, `/api/v1/namespaces/prod${QUERY}`);
});
