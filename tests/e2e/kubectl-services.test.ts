import test from 'ava';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
`;

const service = (nodePort: number, extraPort = '') => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: ${nodePort}}
${extraPort}`;

/**
 * A stock kubectl drives Services, Endpoints, ConfigMaps and Secrets on `kesadm init --single-node` with its
 * own service ranges, and one simulated node (`kes simulate`) so that the Service has pods behind it.
 */
test.serial('kubectl creates a secret and a configmap, applies a NodePort Service, reads its endpoints, describes and deletes it', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1, ['--service-cidr', '10.100.0.0/16', '--service-node-port-range', '31000-31100'], []);

  t.regex(ok(kubectl('cordon', 'solo')), /node\/solo cordoned/);
  t.regex(ok(kubectl('create', 'namespace', 'shop')), /namespace\/shop created/);
  t.regex(ok(kubectl('create', 'secret', 'generic', 'db', '-n', 'shop', '--from-literal=password=s3cret', '--from-literal=user=admin')), /secret\/db created/);
  const secret = ok(kubectl('get', 'secret', 'db', '-n', 'shop', '-o', 'yaml'));
  t.regex(secret, /password: czNjcmV0/);
  t.regex(secret, /type: Opaque/);
  t.regex(ok(kubectl('get', 'secrets', '-n', 'shop')), /^NAME\s+TYPE\s+DATA\s+AGE\ndb\s+Opaque\s+2\s/);

  t.regex(ok(kubectl('apply', '-f', file('web.yaml', deployment))), /deployment\.apps\/web created/);
  const applied = kubectl('apply', '-f', file('svc.yaml', service(31080)));
  t.regex(ok(applied), /service\/web created/);
  t.notRegex(applied.err, /warning/i, 'kubectl finds the OpenAPI v3 it validates with');
  t.regex(ok(kubectl('get', 'svc', '-n', 'shop')), /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+NodePort\s+10\.100\.0\.\d+\s+<none>\s+80:31080\/TCP\s/);
  await eventually(() => kubectl('get', 'endpoints', 'web', '-n', 'shop').out, (out) => /web\s+\S+:8080,\S+:8080\s/.test(out), 60_000);
  t.regex(ok(kubectl('get', 'ep', '-n', 'shop')), /^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.\S+:8080,10\.\S+:8080\s/);

  const described = ok(kubectl('describe', 'svc', 'web', '-n', 'shop'));
  t.regex(described, /Type:\s+NodePort/);
  t.regex(described, /NodePort:\s+http\s+31080\/TCP/);
  t.regex(described, /Endpoints:\s+10\.\S+:8080,10\.\S+:8080\n/, described);

  const updated = kubectl('apply', '-f', file('svc.yaml', service(31080, '  - {name: metrics, port: 9090}\n')));
  t.regex(ok(updated), /service\/web configured/);
  t.notRegex(updated.err, /warning/i, 'the strategic-merge patch is computed from kes\' schemas');
  t.regex(ok(kubectl('get', 'svc', 'web', '-n', 'shop')), /80:31080\/TCP,9090:31000\/TCP/);
  const refused = kubectl('apply', '-f', file('bad.yaml', service(31080).replace('type: NodePort', 'type: NodePort\n  bogus: 1')));
  t.is(refused.code, 1);
  t.regex(refused.err, /strict decoding error: unknown field "spec\.bogus"/);

  t.regex(ok(kubectl('create', 'configmap', 'settings', '-n', 'shop', '--from-literal=mode=fast')), /configmap\/settings created/);
  t.regex(ok(kubectl('get', 'cm', '-n', 'shop')), /settings\s+1\s/);

  t.regex(ok(kubectl('delete', 'svc', 'web', '-n', 'shop')), /service "web" deleted/);
  t.regex(kubectl('get', 'svc', '-n', 'shop').err, /No resources found in shop namespace/);
  await eventually(() => kubectl('get', 'ep', '-n', 'shop').err, (err) => /No resources found/.test(err), 30_000);
  t.regex(ok(kubectl('delete', 'secret', 'db', '-n', 'shop')), /secret "db" deleted/);
  t.regex(kubectl('get', 'secret', 'db', '-n', 'shop').err, /secrets "db" not found/);
});
