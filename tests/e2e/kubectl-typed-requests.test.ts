import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { kubectlBody } from '../support/kubectl-protobuf-bodies.js';
import { registration } from '../support/node-fixtures.js';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

/**
 * kubectl 1.32's typed requests — sent as Kubernetes protobuf — against `kesadm init --single-node` with two
 * simulated nodes: create deployment, create service nodeport, expose, auth can-i, auth whoami, create token (and whoami with it).
 */
test.serial('stock kubectl creates a Deployment and Services from typed requests, and asks what it may do and who it is', async (t) => {
  const { kubectl, ok, dataDir } = await kubectlCluster(t, 2, [], ['--cpu', '4', '--memory', '8Gi']);
  ok(kubectl('cordon', 'solo'));

  t.regex(ok(kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=2')), /deployment\.apps\/web created/);
  // Recorded as kube-apiserver records it: kubectl's manager owns the fields it gave.
  const managed = ok(kubectl('get', 'deploy', 'web', '--show-managed-fields', '-o', 'yaml'));
  t.regex(managed, /managedFields:\n\s+- apiVersion: apps\/v1\n\s+fieldsType: FieldsV1\n\s+fieldsV1:\n[\s\S]*?f:replicas: \{\}[\s\S]*?manager: kubectl-create\n\s+operation: Update/);
  t.notRegex(ok(kubectl('get', 'deploy', 'web', '-o', 'yaml')), /managedFields/, 'hidden unless asked for, as kubectl does');
  const ready = await eventually(() => kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}').out, (n) => n === '2', 60_000, 300);
  t.is(ready, '2');
  const running = ok(kubectl('get', 'pods', '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'name'));
  t.is(running.trim().split('\n').length, 2, 'the Deployment\'s pods run');
  t.is(ok(kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')), 'nginx');

  t.regex(ok(kubectl('create', 'service', 'nodeport', 'edge', '--tcp=80:8080')), /service\/edge created/);
  const edge = JSON.parse(ok(kubectl('get', 'svc', 'edge', '-o', 'json'))) as { spec: { type: string; ports: { port: number; targetPort: number; nodePort: number }[] } };
  t.is(edge.spec.type, 'NodePort');
  t.like(edge.spec.ports[0], { port: 80, targetPort: 8080 });
  t.true(edge.spec.ports[0].nodePort >= 30000);
  t.regex(ok(kubectl('expose', 'deployment', 'web', '--port=80')), /service\/web exposed/);
  t.is(ok(kubectl('get', 'svc', 'web', '-o', 'jsonpath={.spec.selector.app} {.spec.ports[0].port}')), 'web 80');

  const yes = kubectl('auth', 'can-i', 'create', 'pods');
  t.is(yes.code, 0, yes.err);
  t.is(yes.out.trim(), 'yes');
  t.regex(ok(kubectl('auth', 'can-i', '--list')), /\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  t.regex(ok(kubectl('auth', 'whoami')), /Username\s+kubernetes-admin\nGroups\s+\[system:masters system:authenticated\]/);
  const token = ok(kubectl('create', 'token', 'default', '--duration=20m')).trim();
  t.regex(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  const asAccount = (...args: string[]) => kubectl('--token', token, ...args);
  t.regex(ok(asAccount('auth', 'whoami')), /Username\s+system:serviceaccount:default:default\nGroups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]/);
  const pods = asAccount('get', 'pods');
  t.is(pods.code, 1);
  t.regex(pods.err, /pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default": kes has no RBAC for service accounts yet/);
  const canI = asAccount('auth', 'can-i', 'get', 'pods');
  t.is(canI.out.trim().split(' ')[0], 'no', canI.err);
  t.regex(ok(kubectl('create', 'job', 'nightly', '--image=busybox')), /job\.batch\/nightly created/);
  const cronJob = kubectl('create', 'cronjob', 'nightly', '--image=busybox', '--schedule=0 3 * * *');
  t.is(cronJob.code, 1);
  t.regex(cronJob.err, /the server could not find the requested resource \(post cronjobs\.batch\)|the server could not find the requested resource \(POST \/apis\/batch\/v1\/namespaces\/default\/cronjobs\)/, 'a 404, not an encoding complaint');

  // A node credential: what it may do is what the node authorizer says.
  const server = ok(kubectl('config', 'view', '-o', 'jsonpath={.clusters[0].cluster.server}'));
  const dispatcher = new Agent({ connect: { ca: readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8') } });
  t.teardown(() => dispatcher.close());
  const admin = ok(kubectl('config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.token}'));
  const call = async (path: string, bearer: string, body: Buffer | string, type = 'application/json') => {
    const response = await fetch(`${server}${path}`, { method: 'POST', dispatcher, headers: { authorization: `Bearer ${bearer}`, 'content-type': type }, body });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const bootstrap = (await call('/kes/v1/tokens', admin, '{"ttlSeconds":600}')).json.token as string;
  const credential = (await call('/kes/v1/join', bootstrap, JSON.stringify({ node: nodeManifest(registration('probe')) }))).json.credential as string;
  const asNode = (...args: string[]) => kubectl('--token', credential, ...args);
  const no = asNode('auth', 'can-i', 'create', 'pods');
  t.is(no.code, 1);
  t.regex(no.out, /^no - a node may change only its own Node object \(probe\)/);
  t.is(asNode('auth', 'can-i', 'get', 'secrets').out.trim(), 'no - a node may read only the secrets its pods use, one at a time');
  t.is(asNode('auth', 'can-i', 'patch', 'nodes/probe').code, 0);
  t.regex(asNode('auth', 'whoami').out, /Username\s+system:node:probe\nGroups\s+\[system:nodes system:authenticated\]/);

  // A protobuf body that does not decode: a 400 saying so, and nothing appended in the admin's name (controllers may still write).
  type Logged = { position: number; metadata: { actor: string } };
  const eventsAfter = (position: number) => (JSON.parse(ok(kubectl('get', '--raw', `/kes/v1/events?after=${position}`))) as { items: Logged[] }).items;
  const head = Math.max(...eventsAfter(0).map((e) => e.position));
  const broken = await call('/apis/apps/v1/namespaces/default/deployments', admin, kubectlBody('createDeployment').subarray(0, 80), 'application/vnd.kubernetes.protobuf');
  t.is(broken.status, 400);
  t.regex(String(broken.json.message), /the request body is Kubernetes protobuf but its runtime\.Unknown envelope does not decode/);
  t.deepEqual(eventsAfter(head).filter((e) => e.metadata.actor === 'kubernetes-admin'), []);
});
