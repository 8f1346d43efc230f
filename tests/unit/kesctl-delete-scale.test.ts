import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { fakeApi } from './kesctl-fake-api.js';
import { workloads } from './kesctl-workload-fixtures.js';

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

function manifestFile(t: { teardown: (f: () => void) => void }, text: string): string {
  const dir = tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, 'objects.yaml');
  writeFileSync(file, text);
  return file;
}

test('delete -f deletes each object of the file, in order, as kubectl words it', async (t) => {
  const file = manifestFile(t, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n');
  const api = await fakeApi(t, workloads());
  t.deepEqual(await api.kesctl('delete', '-f', file), { code: 0, stdout: 'deployment.apps "web" deleted\nnamespace "prod" deleted\n', stderr: '', slept: [] });
  t.deepEqual(api.writes(), [`DELETE ${WEB}`, 'DELETE /api/v1/namespaces/prod']);
  t.deepEqual(api.requests[0].body, { propagationPolicy: 'Background' });
  t.false(api.store.has(WEB));

  const again = await api.kesctl('delete', '-f', file);
  t.is(again.code, 1);
  t.is(
    again.stderr,
    `Error from server (NotFound): error when deleting "${file}": deployments.apps "web" not found\n` +
      `Error from server (NotFound): error when deleting "${file}": namespaces "prod" not found\n`,
  );
  t.deepEqual(await api.kesctl('delete', '-f', file, '--ignore-not-found'), { code: 0, stdout: '', stderr: '', slept: [] });
});

test('delete --cascade sends kubectl\'s propagationPolicy; an unknown value is refused before anything is sent', async (t) => {
  const api = await fakeApi(t, workloads());
  t.is((await api.kesctl('delete', 'deploy/web', '--cascade=orphan')).code, 0);
  t.deepEqual(api.requests[0].body, { propagationPolicy: 'Orphan' });
  const refused = await api.kesctl('delete', 'rs/web-5c8f6', '--cascade', 'sideways');
  t.is(refused.code, 1);
  t.regex(refused.stderr, /invalid argument "sideways" for "--cascade" flag: must be one of background, orphan, foreground/);
  t.is(api.requests.length, 1);
});

test('delete TYPE NAME…, TYPE/NAME and TYPE -l, with a grace period', async (t) => {
  const api = await fakeApi(t, workloads());
  const pods = await api.kesctl('delete', 'pod', 'big', 'ghost', '--grace-period', '0');
  t.deepEqual(pods, { code: 1, stdout: 'pod "big" deleted\n', stderr: 'Error from server (NotFound): pods "ghost" not found\n', slept: [] });
  t.deepEqual(api.requests[0].body, { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
  t.is((await api.kesctl('delete', 'deploy/web', 'rs/web-5c8f6')).stdout, 'deployment.apps "web" deleted\nreplicaset.apps "web-5c8f6" deleted\n');
  const selected = await api.kesctl('delete', 'po', '-l', 'pod-template-hash=7d4b9');
  t.is(selected.stdout, 'pod "web-7d4b9-aaaaa" deleted\npod "web-7d4b9-bbbbb" deleted\npod "web-7d4b9-ccccc" deleted\n');
  t.is((await api.kesctl('delete', 'po', '-l', 'pod-template-hash=7d4b9')).stderr, 'No resources found\n');
  t.is((await api.kesctl('-n', 'prod', 'delete', 'pods', '--all')).stdout, 'pod "api-1" deleted\n');
  t.is(api.writes().at(-1), 'DELETE /api/v1/namespaces/prod/pods/api-1');
});

test('delete refuses what kubectl refuses, before any request', async (t) => {
  const api = await fakeApi(t, workloads());
  t.is((await api.kesctl('delete', 'pods')).stderr, 'error: resource(s) were provided, but no name was specified\n');
  t.is((await api.kesctl('delete')).stderr, 'error: you must provide one or more resources by argument or filename (-f)\n');
  t.is((await api.kesctl('delete', 'pod', 'x', '-l', 'a=b')).stderr, 'error: name cannot be provided when a selector or --all is specified\n');
  t.is((await api.kesctl('delete', 'pod', 'x', '-f', 'x.yaml')).stderr, 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n');
  t.deepEqual(api.requests, []);
});

test('scale GETs the deployment, then merge-patches its scale subresource', async (t) => {
  const api = await fakeApi(t, workloads());
  t.deepEqual(await api.kesctl('scale', 'deployment/web', '--replicas=5'), { code: 0, stdout: 'deployment.apps/web scaled\n', stderr: '', slept: [] });
  t.deepEqual(api.requests.map((r) => `${r.method} ${r.url}`), [`GET ${WEB}`, `PATCH ${WEB}/scale`]);
  t.is(api.requests[1].contentType, 'application/merge-patch+json');
  t.deepEqual(api.requests[1].body, { spec: { replicas: 5 } });
  t.is(api.store.get(WEB)!.spec.replicas, 5);
  t.is((await api.kesctl('scale', 'rs', 'web-5c8f6', '--replicas', '0')).stdout, 'replicaset.apps/web-5c8f6 scaled\n');
  const precondition = await api.kesctl('scale', 'deploy', 'web', '--replicas', '1', '--current-replicas', '3');
  t.deepEqual(precondition, { code: 1, stdout: '', stderr: 'error: Expected replicas to be 3, was 5\n', slept: [] });
  t.is(api.store.get(WEB)!.spec.replicas, 5);
});

test('scale errors', async (t) => {
  const api = await fakeApi(t, workloads());
  t.is((await api.kesctl('scale', 'deployment/web')).stderr, 'error: required flag(s) "replicas" not set\n');
  t.is((await api.kesctl('scale', 'deployment/web', '--replicas=-1')).stderr, 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
  t.is((await api.kesctl('scale', 'pod/big', '--replicas=2')).stderr, 'error: kesctl scales deployments and replicasets, not pods\n');
  t.deepEqual(api.requests, []);
  t.is((await api.kesctl('scale', 'deploy/nope', '--replicas=2')).stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
});
