import test from 'ava';
import { workloadApi } from '../support/workload-api.js';

/** Server-side apply of list items through the API: map lists by their keys, items dropped by their manager removed. */

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

type Container = { name: string; image: string; env?: { name: string; value: string }[]; ports?: { containerPort: number; protocol?: string }[] };
type Entry = { manager: string; operation: string; fieldsV1: { 'f:spec'?: { 'f:template'?: { 'f:spec'?: { 'f:containers'?: Record<string, Record<string, object>> } } } } };

const applied = (containers: Container[]) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});
const web = (env: string[], ports: Container['ports'] = [{ containerPort: 80 }]): Container =>
  ({ name: 'web', image: 'nginx:1.27', env: env.map((name) => ({ name, value: name.toLowerCase() })), ports });
const containersOf = (entry: Entry | undefined) => Object.keys(entry?.fieldsV1['f:spec']?.['f:template']?.['f:spec']?.['f:containers'] ?? {});

test('two managers apply different containers of one Deployment; each owns its own by name, and a change to the other\'s is a conflict', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const created = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, applied([web(['A'])]), APPLY);
  t.is(created.statusCode, 201, created.body);
  const side = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-b`, applied([{ name: 'side', image: 'busybox:1.36' }]), APPLY);
  t.is(side.statusCode, 200, side.body);
  const deployment = side.json();
  t.deepEqual(deployment.spec.template.spec.containers.map((c: Container) => [c.name, c.image]), [['web', 'nginx:1.27'], ['side', 'busybox:1.36']]);
  const owner = (manager: string) => (deployment.metadata.managedFields as Entry[]).find((e) => e.manager === manager && e.operation === 'Apply');
  t.deepEqual(containersOf(owner('team-a')), ['k:{"name":"web"}']);
  t.deepEqual(containersOf(owner('team-b')), ['k:{"name":"side"}']);
  const taking = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-b`, applied([{ name: 'side', image: 'busybox:1.36' }, { name: 'web', image: 'nginx:1.28' }]), APPLY);
  t.is(taking.statusCode, 409);
  t.is(taking.json().message, 'Apply failed with 1 conflict: conflict with "team-a" using apps/v1: .spec.template.spec.containers[name="web"].image');
});

test('a manager that stops applying an env var and a port removes them, and a port is keyed by containerPort and protocol (TCP by default)', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const created = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, applied([web(['A', 'B'], [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }])]), APPLY);
  t.is(created.statusCode, 201, created.body);
  const ports = (created.json().metadata.managedFields as Entry[])[0].fieldsV1['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.['k:{"name":"web"}']['f:ports'];
  t.deepEqual(Object.keys(ports ?? {}), ['k:{"containerPort":80,"protocol":"TCP"}', 'k:{"containerPort":80,"protocol":"UDP"}']);
  const again = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, applied([web(['A'])]), APPLY);
  t.is(again.statusCode, 200, again.body);
  const container = again.json().spec.template.spec.containers[0] as Container;
  t.deepEqual(container.env, [{ name: 'A', value: 'a' }], 'the env var no longer applied is gone, not left as {name}');
  t.deepEqual(container.ports?.map((p) => [p.containerPort, p.protocol]), [[80, 'TCP']], 'the UDP port goes, the TCP port of the same number stays');
  const stored = (await api.request('GET', `${DEPLOYMENTS}/web`)).json().spec.template.spec.containers[0] as Container;
  t.deepEqual(stored.env, [{ name: 'A', value: 'a' }]);
});

test('a write that names no manager is recorded as the User-Agent\'s program, which takes the fields it changed from their owner', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const created = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, { ...applied([web(['A'])]), spec: { ...applied([web(['A'])]).spec, replicas: 2 } }, APPLY);
  t.is(created.statusCode, 201, created.body);
  const scaled = await api.request('PATCH', `${DEPLOYMENTS}/web`, { spec: { replicas: 3 } }, { 'content-type': 'application/merge-patch+json', 'user-agent': 'example-operator/v0.1.0 (linux/amd64)' });
  t.is(scaled.statusCode, 200, scaled.body);
  const entries = scaled.json().metadata.managedFields as (Entry & { fieldsV1: { 'f:spec'?: object } })[];
  t.deepEqual(entries.find((e) => e.manager === 'example-operator')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  t.is(entries.find((e) => e.manager === 'example-operator')?.operation, 'Update');
  t.false('f:replicas' in (entries.find((e) => e.manager === 'team-a')?.fieldsV1['f:spec'] ?? {}), 'team-a no longer owns the replicas');
  const back = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, { ...applied([web(['A'])]), spec: { ...applied([web(['A'])]).spec, replicas: 2 } }, APPLY);
  t.is(back.statusCode, 409);
  t.is(back.json().message, 'Apply failed with 1 conflict: conflict with "example-operator" using apps/v1: .spec.replicas');
});

test('a write through …/scale is recorded as an Update of the scale subresource owning spec.replicas; a Namespace\'s creator owns what it gave', async (t) => {
  const api = await workloadApi('shop');
  t.teardown(api.close);
  const created = await api.request('PATCH', `${DEPLOYMENTS}/web?fieldManager=team-a`, { ...applied([web(['A'])]), spec: { ...applied([web(['A'])]).spec, replicas: 2 } }, APPLY);
  t.is(created.statusCode, 201, created.body);
  const scaled = await api.request('PATCH', `${DEPLOYMENTS}/web/scale?fieldManager=kubectl-scale`, { spec: { replicas: 5 } }, { 'content-type': 'application/merge-patch+json' });
  t.is(scaled.statusCode, 200, scaled.body);
  const entries = (await api.request('GET', `${DEPLOYMENTS}/web`)).json().metadata.managedFields as (Entry & { subresource?: string; apiVersion: string; fieldsV1: { 'f:spec'?: object } })[];
  t.like(entries.find((e) => e.manager === 'kubectl-scale'), { operation: 'Update', subresource: 'scale', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
  t.false('f:replicas' in (entries.find((e) => e.manager === 'team-a')?.fieldsV1['f:spec'] ?? {}), 'the applier no longer owns the replicas');
  const namespace = await api.request('POST', '/api/v1/namespaces?fieldManager=kubectl-create', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { team: 'a' } } });
  t.is(namespace.statusCode, 201, namespace.body);
  const read = (await api.request('GET', '/api/v1/namespaces/team')).json();
  t.like(read.metadata.managedFields, [{ manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } } }]);
});
