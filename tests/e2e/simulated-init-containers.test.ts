import test from 'ava';
import { join } from 'node:path';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { eventually, runCli } from '../support/processes.js';

/** A pod with init containers on a simulated node: they complete, in order, before the app runs; both describes show them. */

const POD = `apiVersion: v1
kind: Pod
metadata: {name: staged}
spec:
  nodeSelector: {kes.io/simulated: "true"}
  initContainers:
  - {name: migrate, image: busybox, command: [sh, -c, "echo migrated"]}
  - {name: warm, image: busybox}
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: 10m}}}
`;

type Status = { state: { running?: { startedAt: string }; terminated?: { reason: string; exitCode: number; startedAt: string; finishedAt: string } } };
type PodJson = { spec: { nodeName: string }; status: { phase: string; initContainerStatuses: Status[]; containerStatuses: Status[] } };

test.serial('on a simulated node, init containers complete one after the other before the app container runs; kubectl and kesctl describe show them', async (t) => {
  const { kubectl, ok, file, dataDir } = await kubectlCluster(t, 1);
  ok(kubectl('apply', '-f', file('staged.yaml', POD)));
  const pod = await eventually(
    () => JSON.parse(kubectl('get', 'pod', 'staged', '-o', 'json').out || 'null') as PodJson | null,
    (p) => p?.status.phase === 'Running',
    60_000,
    300,
  );
  t.is(pod!.spec.nodeName, 'sim-1');
  const [migrate, warm] = pod!.status.initContainerStatuses.map((s) => s.state.terminated!);
  t.like(migrate, { reason: 'Completed', exitCode: 0 });
  t.like(warm, { reason: 'Completed', exitCode: 0 });
  t.true(Date.parse(migrate!.finishedAt) <= Date.parse(warm!.startedAt), 'migrate finished before warm started');
  t.true(Date.parse(warm!.finishedAt) <= Date.parse(pod!.status.containerStatuses[0]!.state.running!.startedAt), 'the init containers finished before the app started');
  t.regex(ok(kubectl('get', 'pod', 'staged')), /staged\s+1\/1\s+Running/);

  const kesctl = runCli('kesctl', ['describe', 'pod', 'staged'], { KUBECONFIG: join(dataDir, 'admin.kubeconfig') });
  t.is(kesctl.code, 0, kesctl.stderr);
  const section = (text: string) => text.slice(text.indexOf('Init Containers:'), text.indexOf('\nContainers:'));
  t.regex(section(kesctl.stdout), /^Init Containers:\n  migrate:\n[\s\S]*State:\s+Terminated\n\s+Reason:\s+Completed\n[\s\S]*\n  warm:\n/);
  t.regex(section(ok(kubectl('describe', 'pod', 'staged'))), /^Init Containers:\n  migrate:\n[\s\S]*\n  warm:\n/);
});
