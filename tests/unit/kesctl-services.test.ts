import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { fakeApi, type Obj } from './kesctl-fake-api.js';

process.env.TZ = 'UTC';

const lines = (...rows: string[]) => [...rows, ''].join('\n');
const CREATED = '2024-05-01T11:55:00Z';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function services(): Obj[] {
  const meta = (name: string, namespace = 'default', labels: Record<string, string> = { app: name }) => ({ name, namespace, uid: `uid-${name}`, creationTimestamp: CREATED, labels });
  const spec = { clusterIPs: ['10.96.0.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' };
  return [
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta('web'),
      spec: { ...spec, type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.2', externalTrafficPolicy: 'Cluster',
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 'metrics', nodePort: 30090 }] },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta('db', 'prod'),
      spec: { ...spec, type: 'ClusterIP', clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3'], ports: [{ protocol: 'TCP', port: 5432, targetPort: 5432 }] },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web'),
      subsets: [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.1.7' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }] }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings'), data: { 'app.properties': 'color=blue\nsize=2', mode: 'fast' }, binaryData: { logo: b64('PNG!') } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('db-creds'), type: 'Opaque', data: { password: b64('hunter2'), user: b64('admin') } },
  ];
}

test('get svc, ep, cm and secrets print kubectl\'s columns; -o wide adds the selector; -A the namespace', async (t) => {
  const api = await fakeApi(t, services());
  t.is((await api.kesctl('get', 'svc')).stdout, lines(
    'NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)                       AGE',
    'web    NodePort   10.96.0.2    <none>        80:30080/TCP,9090:30090/TCP   5m',
  ));
  t.is((await api.kesctl('get', 'services', '-A', '-o', 'wide')).stdout, lines(
    'NAMESPACE   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                       AGE   SELECTOR',
    'default     web    NodePort    10.96.0.2    <none>        80:30080/TCP,9090:30090/TCP   5m    app=web',
    'prod        db     ClusterIP   10.96.0.3    <none>        5432/TCP                      5m    <none>',
  ));
  t.is((await api.kesctl('get', 'ep', 'web')).stdout, lines(
    'NAME   ENDPOINTS                                                     AGE',
    'web    10.244.0.5:8080,10.244.1.7:8080,10.244.0.5:9100 + 1 more...   5m',
  ));
  t.is((await api.kesctl('get', 'cm')).stdout, lines('NAME       DATA   AGE', 'settings   3      5m'));
  t.is((await api.kesctl('get', 'secret')).stdout, lines('NAME       TYPE     DATA   AGE', 'db-creds   Opaque   2      5m'));
  t.is((await api.kesctl('get', 'svc', '-n', 'prod', '-l', 'app=nope')).stderr, 'No resources found in prod namespace.\n');
  const yaml = await api.kesctl('get', 'secret', 'db-creds', '-o', 'yaml');
  t.regex(yaml.stdout, /^apiVersion: v1\ndata:\n  password: aHVudGVyMg==\n/);
  t.deepEqual(api.requests.map((r) => r.path), [
    '/api/v1/namespaces/default/services', '/api/v1/services', '/api/v1/namespaces/default/endpoints/web', '/api/v1/namespaces/default/configmaps',
    '/api/v1/namespaces/default/secrets', '/api/v1/namespaces/prod/services', '/api/v1/namespaces/default/secrets/db-creds',
  ]);
});

test('describe service lists each port with its target, NodePort and endpoints, as kubectl does', async (t) => {
  const api = await fakeApi(t, services());
  const result = await api.kesctl('describe', 'svc', 'web');
  t.is(result.code, 0, result.stderr);
  t.is(result.stdout, lines(
    'Name:                     web',
    'Namespace:                default',
    'Labels:                   app=web',
    'Annotations:              <none>',
    'Selector:                 app=web',
    'Type:                     NodePort',
    'IP Family Policy:         SingleStack',
    'IP Families:              IPv4',
    'IP:                       10.96.0.2',
    'IPs:                      10.96.0.2',
    'Port:                     http  80/TCP',
    'TargetPort:               8080/TCP',
    'NodePort:                 http  30080/TCP',
    'Endpoints:                10.244.0.5:8080,10.244.1.7:8080',
    'Port:                     metrics  9090/TCP',
    'TargetPort:               metrics/TCP',
    'NodePort:                 metrics  30090/TCP',
    'Endpoints:                10.244.0.5:9100,10.244.1.7:9100',
    'Session Affinity:         None',
    'External Traffic Policy:  Cluster',
    'Internal Traffic Policy:  Cluster',
    'Events:                   <none>',
  ));
  const db = await api.kesctl('describe', 'service', 'db', '-n', 'prod');
  t.regex(db.stdout, /Port:\s+<unset>  5432\/TCP\nTargetPort:\s+5432\/TCP\nEndpoints:\s+<none>\n/);
});

test('describe configmap shows the data; describe secret only the size of each value', async (t) => {
  const api = await fakeApi(t, services());
  t.is((await api.kesctl('describe', 'cm', 'settings')).stdout, lines(
    'Name:         settings',
    'Namespace:    default',
    'Labels:       app=settings',
    'Annotations:  <none>',
    '',
    'Data',
    '====',
    'app.properties:',
    '----',
    'color=blue\nsize=2',
    'mode:',
    '----',
    'fast',
    '',
    'BinaryData',
    '====',
    'logo: 4 bytes',
    '',
    'Events:  <none>',
  ));
  const secret = await api.kesctl('describe', 'secret', 'db-creds');
  t.is(secret.stdout, lines(
    'Name:         db-creds',
    'Namespace:    default',
    'Labels:       app=db-creds',
    'Annotations:  <none>',
    '',
    'Type:  Opaque',
    '',
    'Data',
    '====',
    'password:  7 bytes',
    'user:      5 bytes',
  ));
  t.false(secret.stdout.includes('hunter2'));
});

test('create secret generic and create configmap build the object from literals and files', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  writeFileSync(join(dir.path, 'tls.crt'), 'CERT');
  writeFileSync(join(dir.path, 'blob'), Buffer.from([0xff, 0xfe, 0x00]));
  const api = await fakeApi(t, []);
  const secret = await api.kesctl('create', 'secret', 'generic', 'db', '-n', 'prod', '--from-literal', 'user=admin', '--from-literal=password=a=b',
    '--from-file', join(dir.path, 'tls.crt'), '--from-file', `key=${join(dir.path, 'tls.crt')}`);
  t.deepEqual(secret, { code: 0, stdout: 'secret/db created\n', stderr: '', slept: [] });
  t.is(api.requests[0].url, '/api/v1/namespaces/prod/secrets?fieldManager=kubectl-create&fieldValidation=Strict');
  t.deepEqual(api.requests[0].body, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod' },
    data: { user: b64('admin'), password: b64('a=b'), 'tls.crt': b64('CERT'), key: b64('CERT') },
  });
  const cm = await api.kesctl('create', 'configmap', 'files', '--from-file', dir.path, '--from-literal', 'mode=fast');
  t.is(cm.stdout, 'configmap/files created\n');
  t.deepEqual(api.requests[1].body, {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files', namespace: 'default' },
    data: { mode: 'fast', 'tls.crt': 'CERT' }, binaryData: { blob: Buffer.from([0xff, 0xfe, 0x00]).toString('base64') },
  });
  const duplicate = await api.kesctl('create', 'cm', 'x', '--from-literal', 'a=1', '--from-literal', 'a=2');
  t.is(duplicate.code, 1);
  t.is(duplicate.stderr, 'error: cannot add key a, another key by that name already exists\n');
  t.is((await api.kesctl('create', 'secret', 'generic', 'y', '--from-literal', 'novalue')).stderr, 'error: --from-literal novalue must be in the form key=value\n');
  t.is(api.requests.length, 2);
});

test('apply and delete -f take Services, ConfigMaps and Secrets to their collections', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, 'all.yaml');
  writeFileSync(file, [
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80}]\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n',
    'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {p: x}\n',
  ].join('---\n'));
  const api = await fakeApi(t, []);
  const applied = await api.kesctl('apply', '-f', file);
  t.is(applied.stdout, 'service/web created\nconfigmap/settings created\nsecret/creds created\n', applied.stderr);
  const deleted = await api.kesctl('delete', '-f', file);
  t.is(deleted.stdout, 'service "web" deleted\nconfigmap "settings" deleted\nsecret "creds" deleted\n', deleted.stderr);
  t.deepEqual(api.writes().map((w) => w.split('?')[0]), [
    'POST /api/v1/namespaces/default/services', 'POST /api/v1/namespaces/default/configmaps', 'POST /api/v1/namespaces/default/secrets',
    'DELETE /api/v1/namespaces/default/services/web', 'DELETE /api/v1/namespaces/default/configmaps/settings', 'DELETE /api/v1/namespaces/default/secrets/creds',
  ]);
});
