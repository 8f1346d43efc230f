import test from 'ava';
import { kubectlCluster } from '../support/kubectl-cluster.js';

const configMap = (data: Record<string, string>) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
${Object.entries(data).map(([key, value]) => `  ${key}: "${value}"`).join('\n')}
`;

/** A Deployment manifest with optional extra labels and env vars, to remove between applies. */
const deployment = (labels: Record<string, string>, env: Record<string, string>) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {app: web${Object.entries(labels).map(([k, v]) => `, ${k}: ${v}`).join('')}}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
${Object.entries(env).map(([k, v]) => `        - {name: ${k}, value: "${v}"}`).join('\n')}
`;

const json = (text: string) => JSON.parse(text) as { data: Record<string, string>; metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { template: { spec: { containers: { env: { name: string }[] }[] } } } };

test.serial('kubectl apply (client-side) records last-applied on every apply, so what a manifest no longer has is removed', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  ok(kubectl('apply', '-f', file('cm.yaml', configMap({ a: '1', b: '2' }))));
  ok(kubectl('apply', '-f', file('cm.yaml', configMap({ a: '1', c: '3' }))));
  t.deepEqual(json(ok(kubectl('get', 'configmap', 'settings', '-o', 'json'))).data, { a: '1', c: '3' });
  ok(kubectl('apply', '-f', file('cm.yaml', configMap({ a: '1', b: '2' }))));
  const cm = json(ok(kubectl('get', 'configmap', 'settings', '-o', 'json')));
  t.deepEqual(cm.data, { a: '1', b: '2' }, 'c, no longer in the manifest, is removed');
  t.deepEqual(JSON.parse(cm.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).data, { a: '1', b: '2' }, 'GET returns the last applied manifest');

  ok(kubectl('apply', '-f', file('web.yaml', deployment({ tier: 'front' }, { MODE: 'fast', DEBUG: '1' }))));
  ok(kubectl('apply', '-f', file('web.yaml', deployment({}, { MODE: 'fast' }))));
  const web = json(ok(kubectl('get', 'deployment', 'web', '-o', 'json')));
  t.deepEqual(web.metadata.labels, { app: 'web' }, 'the label removed from the manifest is removed');
  t.deepEqual(web.spec.template.spec.containers[0].env.map((e) => e.name), ['MODE'], 'the env var removed from the manifest is removed');
});

test.serial('kubectl apply --dry-run=server, diff and delete --dry-run=server show what would change and append nothing', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  const path = file('cm.yaml', configMap({ a: '1', b: '2' }));
  t.regex(ok(kubectl('apply', '--dry-run=server', '-f', path)), /configmap\/settings created \(server dry run\)/);
  t.regex(kubectl('get', 'configmap', 'settings').err, /NotFound/);
  ok(kubectl('apply', '-f', path));
  const history = () => ok(kubectl('get', '--raw', '/kes/v1/history/namespaces/default/configmaps/settings'));
  const before = history();

  const unchanged = kubectl('diff', '-f', path);
  t.is(unchanged.code, 0, `no difference: ${unchanged.out}${unchanged.err}`);
  const changed = kubectl('diff', '-f', file('cm2.yaml', configMap({ a: '1', c: '3' })));
  t.is(changed.code, 1, changed.err);
  t.regex(changed.out, /^-\s+b: "2"$/m);
  t.regex(changed.out, /^\+\s+c: "3"$/m);

  t.regex(ok(kubectl('apply', '--dry-run=server', '-f', file('cm2.yaml', configMap({ a: '1', c: '3' })))), /configmap\/settings configured \(server dry run\)/);
  t.regex(ok(kubectl('delete', 'configmap', 'settings', '--dry-run=server')), /configmap "settings" deleted \(server dry run\)/);
  t.deepEqual(json(ok(kubectl('get', 'configmap', 'settings', '-o', 'json'))).data, { a: '1', b: '2' });
  t.is(history(), before, 'nothing appended');
});

type Managed = { manager: string; operation: string; fieldsV1: Record<string, unknown> }[];

test.serial('kubectl apply --server-side creates and updates; another manager changing the same field is a conflict until forced', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  t.regex(ok(kubectl('apply', '--server-side', '-f', file('cm.yaml', configMap({ a: '1', b: '2' })))), /configmap\/settings serverside-applied/);
  ok(kubectl('apply', '--server-side', '-f', file('cm.yaml', configMap({ a: '1', c: '3' }))));
  t.deepEqual(json(ok(kubectl('get', 'configmap', 'settings', '-o', 'json'))).data, { a: '1', c: '3' }, 'b, no longer applied and owned by no one else, is removed');

  const history = () => ok(kubectl('get', '--raw', '/kes/v1/history/namespaces/default/configmaps/settings'));
  const before = history();
  const conflict = kubectl('apply', '--server-side', '--field-manager=other', '-f', file('other.yaml', configMap({ a: '9' })));
  t.is(conflict.code, 1);
  t.regex(conflict.err, /Apply failed with 1 conflict: conflict with "kubectl" using v1: \.data\.a/);
  t.is(history(), before, 'nothing appended');

  ok(kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', file('other.yaml', configMap({ a: '9' }))));
  const cm = JSON.parse(ok(kubectl('get', 'configmap', 'settings', '-o', 'json', '--show-managed-fields'))) as { data: Record<string, string>; metadata: { managedFields: Managed } };
  t.deepEqual(cm.data, { a: '9', c: '3' });
  const managers = Object.fromEntries(cm.metadata.managedFields.map((m) => [m.manager, m]));
  t.like(managers.other, { operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } });
  t.like(managers.kubectl, { operation: 'Apply', fieldsV1: { 'f:data': { 'f:c': {} } } }, 'the forced field changed hands');

  ok(kubectl('apply', '--server-side', '-f', file('web.yaml', deployment({}, { MODE: 'fast', DEBUG: '1' }))));
  ok(kubectl('apply', '--server-side', '-f', file('web.yaml', deployment({}, { MODE: 'fast' }))));
  const web = json(ok(kubectl('get', 'deployment', 'web', '-o', 'json')));
  t.deepEqual(web.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'fast' }] as never, 'the env var no longer applied is removed whole');
});
