import test from 'ava';
import { fakeApi } from './kesctl-fake-api.js';
import { workloads } from './kesctl-workload-fixtures.js';

process.env.TZ = 'UTC';

const lines = (...rows: string[]) => [...rows, ''].join('\n');

test('get pods asks the namespace for a Table; po and pod are the same type', async (t) => {
  const api = await fakeApi(t, workloads());
  const result = await api.kesctl('get', 'pods');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'NAME              READY   STATUS    RESTARTS   AGE',
      'big               0/1     Pending   0          5m',
      'web-7d4b9-aaaaa   1/1     Running   0          5m',
      'web-7d4b9-bbbbb   1/1     Running   0          5m',
      'web-7d4b9-ccccc   1/1     Running   0          5m',
    ),
  );
  t.is(api.requests[0].url, '/api/v1/namespaces/default/pods');
  t.regex(api.requests[0].accept ?? '', /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/);
  t.is((await api.kesctl('get', 'po')).stdout, result.stdout);
  t.is((await api.kesctl('get', 'pod', 'big', '-n', 'default')).stdout.split('\n')[1], 'big    0/1     Pending   0          5m');
  t.is(api.requests.at(-1)!.url, '/api/v1/namespaces/default/pods/big');
});

test('get pods -A puts NAMESPACE first; -o wide adds the priority columns', async (t) => {
  const api = await fakeApi(t, workloads());
  const result = await api.kesctl('get', 'pods', '-A', '-o', 'wide', '--field-selector', 'spec.nodeName=node-2');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'NAMESPACE   NAME              READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
      'default     web-7d4b9-ccccc   1/1     Running   0          5m    10.244.1.5   node-2   <none>           <none>',
      'prod        api-1             1/1     Running   0          5m    10.244.1.5   node-2   <none>           <none>',
    ),
  );
  t.is(api.requests[0].url, '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2');
});

test('get deploy,rs prints one table per type, names with their kind, a blank line between', async (t) => {
  const api = await fakeApi(t, workloads());
  const result = await api.kesctl('get', 'deploy,rs', '-l', 'app=web');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
      'deployment.apps/web   3/3     3            3           10m',
      '',
      'NAME                        DESIRED   CURRENT   READY   AGE',
      'replicaset.apps/web-5c8f6   0         0         0       10m',
      'replicaset.apps/web-7d4b9   3         3         3       10m',
    ),
  );
  t.deepEqual(
    api.requests.map((r) => r.url),
    ['/apis/apps/v1/namespaces/default/deployments?labelSelector=app%3Dweb', '/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb'],
  );
  const mixed = await api.kesctl('get', 'deployments.apps/web', 'ns/prod');
  t.is(mixed.stdout.split('\n')[1], 'deployment.apps/web   3/3     3            3           10m');
  t.regex(mixed.stdout, /\nnamespace\/prod +Active +60m\n$/);
});

test('get namespaces, and an empty list says where nothing was found', async (t) => {
  const api = await fakeApi(t, workloads());
  t.is((await api.kesctl('get', 'ns')).stdout, lines('NAME      STATUS   AGE', 'default   Active   60m', 'prod      Active   60m'));
  t.deepEqual(await api.kesctl('get', 'deployments', '-n', 'prod'), { code: 0, stdout: '', stderr: 'No resources found in prod namespace.\n', slept: [] });
  t.is(api.requests.at(-1)!.url, '/apis/apps/v1/namespaces/prod/deployments');
  t.is((await api.kesctl('get', 'pods', '-A', '-l', 'app=none')).stderr, 'No resources found\n');
});

test('get -o yaml prints one object; lists print as a List with kinds; -o name prints kind/name', async (t) => {
  const api = await fakeApi(t, workloads());
  const one = await api.kesctl('get', 'deployment', 'web', '-o', 'yaml');
  t.true(one.stdout.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    deployment.kubernetes.io/revision: "2"\n'));
  t.is(api.requests[0].accept, 'application/json');
  const list = JSON.parse((await api.kesctl('get', 'rs', '-o', 'json')).stdout);
  t.is(list.kind, 'List');
  t.deepEqual(list.items.map((o: any) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`), ['apps/v1 ReplicaSet web-5c8f6', 'apps/v1 ReplicaSet web-7d4b9']);
  t.is((await api.kesctl('get', 'deploy,ns', '-o', 'name')).stdout, 'deployment.apps/web\nnamespace/default\nnamespace/prod\n');
});

test('a server answering the Table header with a plain list still gets kubectl\'s columns, built by kesctl', async (t) => {
  const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', creationTimestamp: '2024-05-01T11:59:00Z' }, data: { a: '1' } };
  const api = await fakeApi(t, [settings], {
    intercept: (r) => (r.path.endsWith('/configmaps') ? { code: 200, body: { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [settings] } } : undefined),
  });
  t.is((await api.kesctl('get', 'cm')).stdout, lines('NAME       DATA   AGE', 'settings   1      60s'));
  await api.kesctl('get', 'ep', '-n', 'prod');
  await api.kesctl('get', 'secrets', 'tls');
  t.deepEqual(api.requests.slice(1).map((r) => r.url), ['/api/v1/namespaces/prod/endpoints', '/api/v1/namespaces/default/secrets/tls']);
});

test('get errors: unknown types and formats before any request; a missing object in the server words', async (t) => {
  const api = await fakeApi(t, workloads());
  t.is((await api.kesctl('get', 'frobs')).stderr, 'error: the server doesn\'t have a resource type "frobs"\n');
  t.is((await api.kesctl('get', 'pods', '-o', 'xml')).stderr, 'error: unknown output format "xml": use one of wide, yaml, json, name, jsonpath=TEMPLATE, custom-columns=SPEC\n');
  t.is((await api.kesctl('get', 'pods', 'big', '-l', 'app=web')).stderr, 'error: name cannot be provided when a selector is specified\n');
  t.is(api.requests.length, 0);
  const missing = await api.kesctl('get', 'deploy', 'nope');
  t.deepEqual(missing, { code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', slept: [] });
});
