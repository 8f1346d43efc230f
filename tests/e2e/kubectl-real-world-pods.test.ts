import test from 'ava';
import { parse } from 'yaml';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

/**
 * A Deployment as real charts write it, applied with stock kubectl: its pod runs on the single node's process
 * runtime (the simulated node is cordoned), its init container first, as the user its securityContext names.
 */
const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {GREETING: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: real}
spec:
  replicas: 1
  selector: {matchLabels: {app: real}}
  template:
    metadata: {labels: {app: real}}
    spec:
      terminationGracePeriodSeconds: 2
      priorityClassName: system-cluster-critical
      imagePullSecrets: [{name: regcred}]
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: real}}
            topologyKey: kubernetes.io/hostname
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: real}}}
      initContainers:
      - name: init
        image: busybox
        command: [sh, -c, 'echo "init says $GREETING"']
        envFrom: [{configMapRef: {name: app-config}}]
      containers:
      - name: app
        image: busybox
        command: [sh, -c, 'echo "uid=$(id -u) greeting=$GREETING"; sleep 3600']
        envFrom: [{configMapRef: {name: app-config}}]
        securityContext: {runAsUser: 1234}
`;

type Status = { state: { running?: { startedAt: string }; terminated?: { finishedAt: string; exitCode: number } } };
type PodJson = { metadata: { name: string }; spec: { nodeName: string }; status: { phase: string; initContainerStatuses: Status[]; containerStatuses: Status[] } };

test.serial('a Deployment with initContainers, envFrom, securityContext, anti-affinity, spread, pull secrets and a priority class runs as Kubernetes would', async (t) => {
  const { kubectl, ok, file } = await kubectlCluster(t, 1);
  ok(kubectl('cordon', 'sim-1'));
  t.regex(ok(kubectl('apply', '-f', file('real.yaml', MANIFESTS))), /deployment\.apps\/real created/);

  const pod = await eventually(
    () => (JSON.parse(kubectl('get', 'pods', '-l', 'app=real', '-o', 'json').out || '{"items":[]}') as { items: PodJson[] }).items[0],
    (p) => p?.status.phase === 'Running',
    90_000,
    300,
  );
  t.is(pod.spec.nodeName, 'solo');
  const init = pod.status.initContainerStatuses[0].state.terminated;
  const app = pod.status.containerStatuses[0].state.running;
  t.is(init?.exitCode, 0);
  t.true(Date.parse(init!.finishedAt) <= Date.parse(app!.startedAt), 'the init container finished before the app started');
  t.is(ok(kubectl('logs', pod.metadata.name, '-c', 'init')), 'init says hello\n');
  const logs = await eventually(() => kubectl('logs', pod.metadata.name, '-c', 'app').out, (text) => text.includes('uid='));
  if (process.getuid?.() === 0) t.is(logs, 'uid=1234 greeting=hello\n');
  else t.regex(logs, /greeting=hello/);

  const spec = (parse(ok(kubectl('get', 'deploy', 'real', '-o', 'yaml'))) as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
  t.like(spec, {
    priorityClassName: 'system-cluster-critical',
    imagePullSecrets: [{ name: 'regcred' }],
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } },
    topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }],
    initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'app-config' } }] }],
    containers: [{ name: 'app', securityContext: { runAsUser: 1234 }, envFrom: [{ configMapRef: { name: 'app-config' } }] }],
  });

  const described = await eventually(() => ok(kubectl('describe', 'pod', pod.metadata.name)), (text) => text.includes('FieldsNotEnacted'));
  const warnings = described.split('\n').filter((line) => /Warning\s+FieldsNotEnacted/.test(line));
  t.is(warnings.length, 1, described);
  t.regex(warnings[0], /kubelet\s+kes keeps these fields but does not enact them on this node: .*spec\.imagePullSecrets/);
  for (const enacted of ['initContainers', 'envFrom', 'securityContext']) t.false(warnings[0].includes(enacted), warnings[0]);
  t.regex(described, /Init Containers:\n\s+init:/);

  const explained = ok(kubectl('explain', 'deployment.spec.template.spec.initContainers.lifecycle'));
  t.regex(explained, /FIELD: lifecycle <Lifecycle>/);
  t.regex(explained, /postStart\s+<LifecycleHandler>/);
  t.regex(ok(kubectl('explain', 'pod.spec.hostAliases')), /FIELD: hostAliases <\[\]HostAlias>/);
});
