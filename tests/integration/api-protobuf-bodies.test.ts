import test from 'ava';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { UNKNOWN } from '../../adapters/http/k8s/protobuf/kubernetes-types.js';
import { kubectlBody } from '../support/kubectl-protobuf-bodies.js';
import { serviceApi } from '../support/service-api.js';
import { workloadApi, type Api } from '../support/workload-api.js';

/** kubectl's typed requests, as the Kubernetes protobuf bodies kubectl 1.32 sent, through the API server in process. */

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

const post = (api: Api, url: string, payload: Buffer | string, contentType = PROTOBUF) =>
  api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType, accept: `${PROTOBUF},application/json` } });

test('kubectl create deployment, service nodeport, configmap and secret in protobuf create the objects they describe', async (t) => {
  const api = await serviceApi({ clusterIPs: '10.96.0.0/24', nodePorts: '30000-30100' }, 'default');
  t.teardown(api.close);
  const deployment = await post(api, '/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict', kubectlBody('createDeployment'));
  t.is(deployment.statusCode, 201, deployment.body);
  t.is(deployment.headers['content-type'], 'application/json; charset=utf-8', 'kubectl reads a JSON answer to a protobuf request');
  t.like(deployment.json(), {
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] } } },
  });
  const service = await post(api, '/api/v1/namespaces/default/services?fieldManager=kubectl-create&fieldValidation=Strict', kubectlBody('createServiceNodePort'));
  t.is(service.statusCode, 201, service.body);
  t.like(service.json(), { spec: { type: 'NodePort', selector: { app: 'web-np' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } });
  t.true(service.json().spec.ports[0].nodePort >= 30000, 'a node port is allocated');
  const configMap = await post(api, '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create', kubectlBody('createConfigMapFromFiles'));
  t.is(configMap.statusCode, 201, configMap.body);
  t.like(configMap.json(), { data: { 'note.txt': 'hello\n' }, binaryData: { 'blob.bin': 'AAH+/w==' } });
  const secret = await post(api, '/api/v1/namespaces/default/secrets?fieldManager=kubectl-create', kubectlBody('createSecret'));
  t.is(secret.statusCode, 201, secret.body);
  t.like(secret.json(), { data: { user: 'YWRtaW4=', pass: 'czNjcmV0' } });
});

test('kubectl create job in protobuf creates the Job it describes, with the selector and labels Kubernetes generates', async (t) => {
  const api = await workloadApi('default');
  t.teardown(api.close);
  const job = await post(api, '/apis/batch/v1/namespaces/default/jobs?fieldManager=kubectl-create&fieldValidation=Strict', kubectlBody('createJob'));
  t.is(job.statusCode, 201, job.body);
  const uid = job.json().metadata.uid;
  t.like(job.json(), {
    kind: 'Job', metadata: { name: 'nightly', namespace: 'default' },
    spec: { completions: 1, parallelism: 1, backoffLimit: 6, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels: { 'job-name': 'nightly' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'nightly', image: 'busybox', command: ['echo', 'hi'] }] } } },
  });
});

test('a kind kes does not serve is a 404 naming the resource, never a complaint about the encoding; nothing is appended', async (t) => {
  const api = await workloadApi('default');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const pdb = await post(api, '/apis/policy/v1/namespaces/default/poddisruptionbudgets', kubectlBody('createPodDisruptionBudget'));
  t.is(pdb.statusCode, 404, 'kes lists PodDisruptionBudgets but does not create them');
  // A Job (which kes reads) sent where Deployments are created decodes, and is refused for its kind.
  const misplaced = await post(api, '/apis/apps/v1/namespaces/default/deployments', kubectlBody('createJob'));
  t.is(misplaced.statusCode, 422, misplaced.body);
  t.regex(misplaced.json().message, /kind: Unsupported value: "Job": supported values: "Deployment"/);
  const cronJob = Buffer.concat([Buffer.from('6b387300', 'hex'), UNKNOWN.encode({ typeMeta: { apiVersion: 'batch/v1', kind: 'CronJob' }, raw: Buffer.alloc(0) }).finish()]);
  const unread = await post(api, '/apis/apps/v1/namespaces/default/deployments', cronJob);
  t.is(unread.statusCode, 415);
  t.regex(unread.json().message, /kes reads no Kubernetes protobuf for CronJob \(batch\/v1\) on POST \/apis\/apps\/v1\/namespaces\/default\/deployments: send it as JSON/);
  t.is(await api.clusterHead(), head);
});

test('a protobuf body that does not decode is a 400 saying so, and appends nothing', async (t) => {
  const api = await workloadApi('default');
  t.teardown(api.close);
  const head = await api.clusterHead();
  const truncated = await post(api, '/apis/apps/v1/namespaces/default/deployments', kubectlBody('createDeployment').subarray(0, 80));
  t.is(truncated.statusCode, 400);
  t.like(truncated.json(), { kind: 'Status', reason: 'BadRequest', code: 400 });
  t.regex(truncated.json().message, /the request body is Kubernetes protobuf but its runtime\.Unknown envelope does not decode \(index out of range/);
  // A whole envelope around a Deployment whose metadata claims five bytes and has one.
  const envelope = UNKNOWN.encode({ typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' }, raw: Buffer.from([0x0a, 0x05, 0x01]) }).finish();
  const broken = await post(api, '/apis/apps/v1/namespaces/default/deployments', Buffer.concat([Buffer.from('k8s\0'), envelope]));
  t.is(broken.statusCode, 400);
  t.regex(broken.json().message, /the request body is Kubernetes protobuf but its Deployment \(apps\/v1\) does not decode \(index out of range/);
  const notProtobuf = await post(api, '/api/v1/namespaces/default/configmaps', '{"kind":"ConfigMap"}');
  t.is(notProtobuf.statusCode, 415);
  t.regex(notProtobuf.json().message, /not Kubernetes protobuf \(no k8s\\0 prefix\)/);
  t.is(await api.clusterHead(), head);
});

test('auth can-i, can-i --list and whoami are answered for the requesting user, in protobuf or JSON; nothing is appended', async (t) => {
  const api = await workloadApi();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const canI = await post(api, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', kubectlBody('authCanI'));
  t.is(canI.statusCode, 201, canI.body);
  t.like(canI.json(), {
    kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1',
    spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } }, status: { allowed: true, reason: 'kes: allowed to group "system:masters"' },
  });
  const nonResource = await api.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } } });
  t.like(nonResource.json(), { status: { allowed: true } });
  const neither = await api.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview', spec: {} });
  t.is(neither.statusCode, 422);
  t.regex(neither.json().message, /SelfSubjectAccessReview "" is invalid: spec\.resourceAttributes: exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  const rules = await post(api, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', kubectlBody('authCanIList'));
  t.like(rules.json(), { kind: 'SelfSubjectRulesReview', status: { incomplete: false, resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] } });
  const whoami = await post(api, '/apis/authentication.k8s.io/v1/selfsubjectreviews', kubectlBody('authWhoami'));
  t.deepEqual(whoami.json().status, { userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } });
  t.is(await api.clusterHead(), head);
});
