import test from 'ava';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

/** A Deployment manifest as a user writes it (YAML), with the image and replica count to vary. */
const deployment = (name: string, image: string, spec = 'replicas: 2') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
  labels: {app: ${name}}
spec:
  ${spec}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
`;

type ReplicaSets = { items: { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[] };

/**
 * A stock kubectl drives workloads on `kesadm init --single-node`, with two simulated nodes (`kes simulate`)
 * next to it so that pods run; the master is cordoned, so they all land on the simulated nodes.
 */
test.serial('kubectl creates a namespace, applies, updates, scales and deletes a Deployment; the server refuses unknown fields', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 2, [], ['--cpu', '4', '--memory', '8Gi']);

  t.regex(ok(kubectl('cordon', 'solo')), /node\/solo cordoned/);
  t.regex(ok(kubectl('create', 'namespace', 'shop')), /namespace\/shop created/);
  t.regex(ok(kubectl('get', 'ns', 'shop')), /shop\s+Active/);

  const applied = kubectl('apply', '-f', file('web.yaml', deployment('web', 'nginx:1.27')));
  t.regex(ok(applied), /deployment\.apps\/web created/);
  t.notRegex(applied.err, /warning/i, 'kubectl finds the OpenAPI v3 it validates and patches with');
  t.regex(ok(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')), /successfully rolled out/);
  const deploymentRow = /deployment\.apps\/web\s+2\/2\s+2\s+2\s+\S+\s+web\s+nginx:1\.27\s+app=web/;
  const replicaSetRow = /replicaset\.apps\/web-\w+\s+2\s+2\s+2\s+\S+\s+web\s+nginx:1\.27\s+app=web,pod-template-hash=\w+/;
  const runningPods = (out: string) => out.match(/pod\/web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.\S+\s+sim-\d/g)?.length;
  // The ReplicaSet's READY is written by its own controller, which may come after the Deployment's status.
  const wide = await eventually(() => kubectl('get', 'deploy,rs,pods', '-n', 'shop', '-o', 'wide').out,
    (out) => deploymentRow.test(out) && replicaSetRow.test(out) && runningPods(out) === 2, 30_000, 300);
  t.regex(wide, deploymentRow);
  t.regex(wide, replicaSetRow);
  t.is(runningPods(wide), 2);

  const updated = kubectl('apply', '-f', file('web.yaml', deployment('web', 'nginx:1.28')));
  t.regex(ok(updated), /deployment\.apps\/web configured/);
  t.notRegex(updated.err, /warning/i, 'the strategic-merge patch is computed from kes\' schemas');
  t.regex(ok(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')), /successfully rolled out/);
  const replicaSets = (JSON.parse(ok(kubectl('get', 'rs', '-n', 'shop', '-o', 'json'))) as ReplicaSets).items
    .map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas])
    .sort();
  t.deepEqual(replicaSets, [['nginx:1.27', 0], ['nginx:1.28', 2]], 'a new ReplicaSet per template; the old one scaled to 0');

  t.regex(ok(kubectl('rollout', 'history', 'deployment/web', '-n', 'shop')), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  t.regex(ok(kubectl('rollout', 'undo', 'deployment/web', '-n', 'shop')), /deployment\.apps\/web rolled back/, 'kubectl sends a JSON patch');
  t.regex(ok(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')), /successfully rolled out/);
  t.is(ok(kubectl('get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')), 'nginx:1.27');
  t.regex(ok(kubectl('rollout', 'history', 'deployment/web', '-n', 'shop')), /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/, 'the rolled-back template is revision 3');

  t.regex(ok(kubectl('rollout', 'pause', 'deployment/web', '-n', 'shop')), /deployment\.apps\/web paused/);
  t.regex(kubectl('rollout', 'pause', 'deployment/web', '-n', 'shop').err, /deployments\.apps "web" is already paused/);
  t.regex(ok(kubectl('set', 'image', 'deployment/web', 'web=nginx:1.29', '-n', 'shop')), /image updated/);
  const pausedStatus = '{.metadata.generation} {.status.observedGeneration} {.status.conditions[?(@.type=="Progressing")].reason}';
  const observed = await eventually(() => kubectl('get', 'deploy', 'web', '-n', 'shop', '-o', `jsonpath=${pausedStatus}`).out, (out) => /^(\d+) \1 DeploymentPaused$/.test(out), 30_000);
  t.regex(observed, /DeploymentPaused/, 'the controller has seen the new template');
  const imagesNow = ok(kubectl('get', 'rs', '-n', 'shop', '-o', 'jsonpath={.items[*].spec.template.spec.containers[0].image}'));
  t.notRegex(imagesNow, /nginx:1\.29/, 'no ReplicaSet for the new template while paused');
  t.regex(ok(kubectl('rollout', 'resume', 'deployment/web', '-n', 'shop')), /deployment\.apps\/web resumed/);
  t.regex(ok(kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')), /successfully rolled out/);
  t.regex(ok(kubectl('rollout', 'history', 'deployment/web', '-n', 'shop', '--revision=4')), /with revision #4\nPod Template:[\s\S]*Image:\tnginx:1\.29/);

  t.regex(ok(kubectl('annotate', 'deployment', 'web', '-n', 'shop', 'kubernetes.io/change-cause=image 1.29')), /deployment\.apps\/web annotated/);
  await eventually(() => kubectl('rollout', 'history', 'deployment/web', '-n', 'shop').out, (out) => /\n4\s+image 1\.29\n/.test(out), 30_000);
  const webPods = () => kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'name').out.trim().split('\n');
  const [relabelled] = webPods();
  t.regex(ok(kubectl('label', relabelled!, '-n', 'shop', 'app=debug', '--overwrite')), /labeled/);
  const replaced = await eventually(webPods, (pods) => pods.length === 2 && !pods.includes(relabelled!), 30_000);
  t.is(replaced.length, 2, 'the ReplicaSet let the relabelled pod go and made another');
  t.is(ok(kubectl('get', relabelled!, '-n', 'shop', '-o', 'jsonpath={.metadata.ownerReferences}')), '', 'released, not deleted');
  ok(kubectl('delete', relabelled!, '-n', 'shop'));

  t.regex(ok(kubectl('scale', 'deployment', 'web', '-n', 'shop', '--replicas=3')), /deployment\.apps\/web scaled/);
  await eventually(() => kubectl('get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.status.readyReplicas}').out, (ready) => ready === '3', 30_000);
  const running = ok(kubectl('get', 'pods', '-n', 'shop', '--field-selector=status.phase=Running', '-l', 'app=web', '-o', 'name'));
  t.is(running.trim().split('\n').length, 3);
  const described = ok(kubectl('describe', 'deployment', 'web', '-n', 'shop'));
  t.regex(described, /Normal\s+DeploymentScaled\s+\S+\s+kubernetes-admin\s+scaled to 3\n/, 'kubectl describe lists the events of the Deployment\'s stream');
  t.regex(described, /Normal\s+DeploymentPaused\s+\S+\s+kubernetes-admin\s+paused\n/);
  const pod = running.trim().split('\n')[0]!.replace('pod/', '');
  t.regex(ok(kubectl('describe', 'pod', pod, '-n', 'shop')), /Normal\s+PodScheduled\s+\S+\s+system:kes-scheduler\s+scheduled to sim-\d/);

  const unknown = kubectl('apply', '-f', file('bad.yaml', deployment('bad', 'nginx', 'replicass: 2').replace('containerPort: 80', 'containerPort: 80\n        bogus: 1')));
  t.is(unknown.code, 1);
  t.regex(unknown.err, /Error from server \(BadRequest\): error when creating ".*bad\.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.replicass", unknown field "spec\.template\.spec\.containers\[0\]\.bogus"/);
  const invalid = kubectl('apply', '-f', file('neg.yaml', deployment('neg', 'nginx', 'replicas: -1')));
  t.is(invalid.code, 1);
  t.regex(invalid.err, /The Deployment "neg" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  t.regex(kubectl('get', 'deploy', 'nope', '-n', 'shop').err, /Error from server \(NotFound\): deployments\.apps "nope" not found/);
  t.regex(kubectl('get', 'deploy', '-n', 'shop').out, /^NAME.*\nweb\s/, 'refused manifests created nothing');

  t.regex(ok(kubectl('delete', 'deployment', 'web', '-n', 'shop')), /deployment\.apps "web" deleted/);
  t.regex(kubectl('get', 'deploy', '-n', 'shop').err, /No resources found in shop namespace/);
  t.regex(ok(kubectl('delete', 'namespace', 'shop')), /namespace "shop" deleted/);
  t.regex(kubectl('get', 'ns', 'shop').err, /namespaces "shop" not found/);
  t.regex(kubectl('get', 'pods', '-A').err, /No resources found/, 'the namespace controller deleted what was in it');
});
