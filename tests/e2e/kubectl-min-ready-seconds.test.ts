import test from 'ava';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

const deployment = (minReadySeconds: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 2
  minReadySeconds: ${minReadySeconds}
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}}
    spec:
      containers:
      - {name: app, image: busybox, command: ["sleep", "3600"]}
`;

test.serial('with minReadySeconds, a Deployment\'s ready pods are not available until they have been ready that long', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  ok(kubectl('apply', '-f', file('slow.yaml', deployment(3600))));
  const counts = () => ok(kubectl('get', 'deployment', 'slow', '-o', 'jsonpath={.status.readyReplicas}/{.status.availableReplicas}/{.status.observedGeneration}'));
  // Ready, and the controller has counted them since (a status of the same generation that says so): none available.
  await eventually(counts, (out) => /^2\//.test(out), 60_000);
  const ready = await eventually(() => ok(kubectl('get', 'rs', '-l', 'app=slow', '-o', 'jsonpath={.items[0].status.readyReplicas}/{.items[0].status.availableReplicas}')), (out) => out.startsWith('2/'), 60_000);
  t.regex(ready, /^2\/0?$/, 'the ReplicaSet counts 2 ready, 0 available');
  t.regex(counts(), /^2\/0?\//, 'the Deployment too');
  t.regex(ok(kubectl('get', 'deployment', 'slow')), /slow\s+2\/2\s+2\s+0\s/, 'kubectl shows READY 2/2, AVAILABLE 0');
  const readySince = ok(kubectl('get', 'pods', '-l', 'app=slow', '-o', 'jsonpath={.items[0].status.conditions[?(@.type=="Ready")].lastTransitionTime}'));
  t.regex(readySince, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'the Ready condition says when it turned True');
  const waiting = kubectl('rollout', 'status', 'deployment/slow', '--timeout=3s');
  t.not(waiting.code, 0);
  t.regex(waiting.out, /0 of 2 updated replicas are available/);

  // A shorter minReadySeconds, by apply: the Deployment and its ReplicaSet take it, and the pods become available.
  ok(kubectl('apply', '-f', file('slow.yaml', deployment(2))));
  t.is(await eventually(() => ok(kubectl('get', 'rs', '-l', 'app=slow', '-o', 'jsonpath={.items[0].spec.minReadySeconds}')), (out) => out === '2', 60_000), '2');
  await eventually(counts, (out) => /^2\/2\//.test(out), 60_000);
  t.regex(ok(kubectl('rollout', 'status', 'deployment/slow', '--timeout=60s')), /successfully rolled out/);
});
