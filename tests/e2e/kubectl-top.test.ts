import test from 'ava';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

const busy = `apiVersion: v1
kind: Pod
metadata: {name: busy, labels: {app: busy}}
spec:
  nodeName: solo
  containers:
  - name: spin
    image: busybox
    command: [sh, -c, 'while :; do :; done']
`;

const simulated = `apiVersion: v1
kind: Pod
metadata: {name: steady, labels: {app: steady}}
spec:
  nodeName: sim-1
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: 200m, memory: 128Mi}}
`;

const cpuMillis = (text: string) => (text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000);

/**
 * `kubectl top` against `kesadm init --single-node` and one simulated node: the master's kubelet measures its
 * process pods from /proc (a busy loop shows CPU), the simulated node's pod uses half of what it requests.
 */
test.serial('kubectl top nodes and top pods show real usage of process pods and simulated usage on simulated nodes', async (t) => {
  const { kubectl, file, ok } = await kubectlCluster(t, 1);
  ok(kubectl('apply', '-f', file('busy.yaml', busy)));
  ok(kubectl('apply', '-f', file('steady.yaml', simulated)));
  await eventually(() => kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}').out, (out) => out === 'Running Running', 60_000);

  const nodes = ok(kubectl('top', 'nodes'));
  t.regex(nodes, /^NAME\s+CPU\(cores\)\s+CPU(%)?\s*\S*\s+MEMORY\(bytes\)\s+MEMORY(%)?/);
  t.regex(nodes, /\nsim-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
  t.regex(nodes, /\nsolo\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);

  const spinning = await eventually(() => kubectl('top', 'pods', '--containers').out, (out) => {
    const cpu = /busy\s+spin\s+(\d+m?)\s/.exec(out)?.[1];
    return cpu !== undefined && cpuMillis(cpu) > 0;
  }, 60_000);
  t.regex(spinning, /steady\s+app\s+100m\s+64Mi/, 'the simulated pod uses half its requests');
  const all = ok(kubectl('top', 'pods', '-A'));
  t.regex(all, /^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
  t.regex(all, /default\s+busy\s+\d+m\s+\d+Mi/);
  t.regex(ok(kubectl('top', 'pods', '-l', 'app=steady')), /steady\s+100m\s+64Mi/);
  t.notRegex(ok(kubectl('top', 'pods', '-l', 'app=steady')), /busy/);
  const missing = kubectl('top', 'pod', 'nope');
  t.not(missing.code, 0);
  t.regex(missing.err, /not found/);
});
