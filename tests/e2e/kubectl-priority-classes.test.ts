import test from 'ava';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

/**
 * PriorityClasses and preemption with a stock kubectl against `kesadm init --single-node` and `kes simulate`: the
 * system classes every cluster has, classes made with `kubectl create priorityclass`, pods given their priority,
 * and a high-priority pod that evicts a lower one from a small simulated node to run there.
 */

const pod = (name: string, cpu: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeSelector: {kubernetes.io/hostname: sim-1}
  containers:
  - {name: app, image: busybox, resources: {requests: {cpu: ${cpu}}}}
${extra}`;

test.serial('kubectl creates and lists PriorityClasses beside the system ones; a pod gets its class\'s priority; bad changes are refused', async (t) => {
  const { kubectl, ok, file } = await kubectlCluster(t, 1);
  const classes = await eventually(() => kubectl('get', 'priorityclasses').out, (out) => out.includes('system-node-critical') && out.includes('system-cluster-critical'), 60_000);
  t.regex(classes, /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n/);
  t.regex(ok(kubectl('create', 'priorityclass', 'high', '--value=1000', '--description=web tier')), /priorityclass.scheduling.k8s.io\/high created/);
  const listed = ok(kubectl('get', 'pc'));
  t.regex(listed, /\nhigh\s+1000\s+false\s+\S+\s+PreemptLowerPriority\n/);
  t.regex(listed, /\nsystem-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority\n/);
  t.regex(listed, /\nsystem-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority\n/);

  ok(kubectl('apply', '-f', file('web.yaml', pod('web', '100m', '  priorityClassName: high\n'))));
  t.is(ok(kubectl('get', 'pod', 'web', '-o', 'jsonpath={.spec.priority} {.spec.preemptionPolicy}')), '1000 PreemptLowerPriority');

  ok(kubectl('create', 'priorityclass', 'normal', '--value=10', '--global-default'));
  const second = kubectl('create', 'priorityclass', 'other', '--value=5', '--global-default');
  t.is(second.code, 1);
  t.regex(second.err, /failed to create priorityclass: priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist/);
  const changed = kubectl('patch', 'priorityclass', 'high', '--type=merge', '-p', '{"value":2000}');
  t.is(changed.code, 1);
  t.regex(changed.err, /The PriorityClass "high" is invalid: value: Forbidden: may not be changed in an update/);
  const builtIn = kubectl('delete', 'priorityclass', 'system-node-critical');
  t.is(builtIn.code, 1);
  t.regex(builtIn.err, /Error from server \(Forbidden\): priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted/);
  const unknown = kubectl('apply', '-f', file('lost.yaml', pod('lost', '100m', '  priorityClassName: nope\n')));
  t.is(unknown.code, 1);
  t.regex(unknown.err, /pods "lost" is forbidden: no PriorityClass with name nope was found/);
  t.regex(ok(kubectl('get', 'pc', 'high', '-o', 'jsonpath={.value}')), /^1000$/);
  t.regex(ok(kubectl('api-resources', '--api-group=scheduling.k8s.io')), /priorityclasses\s+pc\s+scheduling.k8s.io\/v1\s+false\s+PriorityClass/);
});

test.serial('a high-priority pod that fits nowhere evicts a lower-priority pod from a small simulated node and runs there', async (t) => {
  const { kubectl, ok, file } = await kubectlCluster(t, 1, [], ['--cpu', '2', '--memory', '4Gi']);
  ok(kubectl('create', 'priorityclass', 'high', '--value=1000'));
  ok(kubectl('apply', '-f', file('low.yaml', pod('low', '1500m'))));
  await eventually(() => kubectl('get', 'pod', 'low', '-o', 'jsonpath={.status.phase}').out, (out) => out === 'Running', 60_000);
  const lowUid = ok(kubectl('get', 'pod', 'low', '-o', 'jsonpath={.metadata.uid}'));

  ok(kubectl('apply', '-f', file('urgent.yaml', pod('urgent', '1000m', '  priorityClassName: high\n'))));
  const urgentUid = ok(kubectl('get', 'pod', 'urgent', '-o', 'jsonpath={.metadata.uid}'));
  await eventually(() => kubectl('get', 'pod', 'urgent', '-o', 'jsonpath={.spec.nodeName} {.status.phase}').out, (out) => out === 'sim-1 Running', 90_000);
  const gone = kubectl('get', 'pod', 'low');
  t.is(gone.code, 1);
  t.regex(gone.err, /pods "low" not found/);

  const events = JSON.parse(ok(kubectl('get', 'events', '-o', 'json'))) as { items: { reason: string; type: string; message: string; involvedObject: { name: string; uid?: string } }[] };
  const preempted = events.items.find((e) => e.reason === 'Preempted');
  t.like(preempted, { type: 'Normal', message: `Preempted by pod ${urgentUid} on node sim-1`, involvedObject: { name: 'low' } });
  t.truthy(lowUid);
});
