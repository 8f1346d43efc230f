import test from 'ava';
import { decodeKubernetesProtobuf, UndecodableProtobuf, UnreadableProtobuf } from '../../adapters/http/k8s/protobuf/protobuf-body.js';
import { UNKNOWN } from '../../adapters/http/k8s/protobuf/kubernetes-types.js';
import { kubectlBody } from '../support/kubectl-protobuf-bodies.js';

/** Real bodies of kubectl 1.32, decoded field by field into the JSON Kubernetes writes for them. */

test('kubectl create deployment: metadata, replicas, selector and the pod template with its container and port', (t) => {
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createDeployment')), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
});

test('kubectl create deployment with two images: two containers, and replicas 1 kept', (t) => {
  const deployment = decodeKubernetesProtobuf(kubectlBody('createDeploymentTwoImages')) as { spec: { replicas: number; template: { spec: { containers: object[] } } } };
  t.is(deployment.spec.replicas, 1);
  t.deepEqual(deployment.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'busybox', image: 'busybox:1.36' }]);
});

test('kubectl create service nodeport and clusterip: ports with an IntOrString targetPort, selector and type', (t) => {
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createServiceNodePort')), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-np', labels: { app: 'web-np' } },
    spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'web-np' }, type: 'NodePort' },
  });
  t.like(decodeKubernetesProtobuf(kubectlBody('createServiceClusterIP')), {
    spec: { ports: [{ name: '5678-8080', port: 5678, targetPort: 8080 }], type: 'ClusterIP' },
  });
});

test('kubectl create configmap: data as strings, binaryData as base64', (t) => {
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createConfigMap')), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { level: '3', mode: 'fast' },
  });
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createConfigMapFromFiles')), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files' },
    data: { 'note.txt': 'hello\n' }, binaryData: { 'blob.bin': Buffer.from([0, 1, 0xfe, 0xff]).toString('base64') },
  });
});

test('kubectl create secret generic and docker-registry: data as base64, the type when set', (t) => {
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createSecret')), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' },
    data: { user: Buffer.from('admin').toString('base64'), pass: Buffer.from('s3cret').toString('base64') },
  });
  const docker = decodeKubernetesProtobuf(kubectlBody('createDockerRegistrySecret')) as { type: string; data: Record<string, string> };
  t.is(docker.type, 'kubernetes.io/dockerconfigjson');
  t.deepEqual(JSON.parse(Buffer.from(docker.data['.dockerconfigjson'], 'base64').toString()), {
    auths: { 'r.example.com': { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') } },
  });
});

test('kubectl create namespace and pdb: a Namespace, and a PodDisruptionBudget whose minAvailable is an IntOrString', (t) => {
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createNamespace')), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  t.like(decodeKubernetesProtobuf(kubectlBody('createPodDisruptionBudget')), {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  });
});

test('kubectl auth can-i, can-i --list, whoami and create token: the review kinds', (t) => {
  t.like(decodeKubernetesProtobuf(kubectlBody('authCanI')), {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
  });
  t.like(decodeKubernetesProtobuf(kubectlBody('authCanIList')), { kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } });
  t.like(decodeKubernetesProtobuf(kubectlBody('authWhoami')), { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  t.deepEqual(decodeKubernetesProtobuf(kubectlBody('createToken')), { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
});

test('kubectl create job: the Job with its pod template, restartPolicy Never and the command', (t) => {
  t.like(decodeKubernetesProtobuf(kubectlBody('createJob')), {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'nightly' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'nightly', image: 'busybox', command: ['echo', 'hi'] }] } } },
  });
});

test('a kind kes does not read (a CronJob) keeps its envelope, for the route to answer', (t) => {
  const envelope = UNKNOWN.encode({ typeMeta: { apiVersion: 'batch/v1', kind: 'CronJob' }, raw: Buffer.alloc(0) }).finish();
  const body = Buffer.concat([Buffer.from('6b387300', 'hex'), envelope]);
  t.deepEqual(decodeKubernetesProtobuf(body), { apiVersion: 'batch/v1', kind: 'CronJob', unreadKind: true });
});

test('bodies that are not protobuf, or do not decode, are refused with what is wrong', (t) => {
  t.throws(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')), { instanceOf: UnreadableProtobuf, message: /not Kubernetes protobuf \(no k8s\\0 prefix\)/ });
  const truncated = kubectlBody('createDeployment').subarray(0, 60);
  t.throws(() => decodeKubernetesProtobuf(truncated), { instanceOf: UndecodableProtobuf, message: /does not decode \(index out of range/ });
  const body = kubectlBody('createDeployment');
  const corrupt = Buffer.concat([body.subarray(0, body.length - 10), Buffer.from([0xff, 0xff, 0xff])]);
  t.throws(() => decodeKubernetesProtobuf(corrupt), { instanceOf: UndecodableProtobuf });
  t.throws(() => decodeKubernetesProtobuf(Buffer.from('6b387300', 'hex')), { instanceOf: UndecodableProtobuf, message: /without a kind/ });
});
