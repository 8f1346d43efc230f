import test from 'ava';
import { join } from 'node:path';
import { kubectlCluster } from '../support/kubectl-cluster.js';
import { eventually, runCli, startProcess } from '../support/processes.js';

/**
 * Scripts written for kubectl run with kesctl: the same `get` flags against the same cluster print the same
 * thing through stock kubectl and through kesctl (ages, which tick between the two runs, masked).
 */

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: front}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front, app.kubernetes.io/name: shop}}
    spec: {nodeSelector: {kes.io/simulated: "true"}, containers: [{name: web, image: nginx, resources: {requests: {cpu: 10m}}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings-10, labels: {tier: back}}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings-9}
data: {b: "2"}
`;

/** Ages (`12s`, `3m4s`) masked, cells split on runs of spaces: table layouts compared cell by cell. */
const cells = (text: string) => text.split('\n').map((line) => line.replace(/\b\d+[smhd](\d+[smh])?\b/g, 'AGE').trim().split(/\s{2,}/));

test.serial('kesctl get prints what kubectl get prints for -o name|jsonpath|custom-columns, --no-headers, --sort-by and -L', async (t) => {
  const { kubectl, file, ok, dataDir } = await kubectlCluster(t, 2, [], ['--cpu', '4', '--memory', '8Gi']);
  const env = { KUBECONFIG: join(dataDir, 'admin.kubeconfig') };
  const kesctl = (...args: string[]) => runCli('kesctl', args, env);
  ok(kubectl('apply', '-f', file('web.yaml', DEPLOYMENT)));
  ok(kubectl('rollout', 'status', 'deployment/web', '--timeout=60s'));

  const same = (args: string[], compare: (s: string) => unknown = (s) => s) => {
    const expected = kubectl('get', ...args);
    const actual = kesctl('get', ...args);
    t.is(expected.code, 0, `kubectl get ${args.join(' ')}: ${expected.err}`);
    t.is(actual.code, 0, `kesctl get ${args.join(' ')}: ${actual.stderr}`);
    t.deepEqual(compare(actual.stdout), compare(expected.out), `kesctl get ${args.join(' ')}`);
  };
  same(['pods', '-o', 'name']);
  same(['pods', '-o', 'jsonpath={.items[*].metadata.name}']);
  same(['pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}']);
  same(['deployment', 'web', '-o', 'jsonpath={.metadata.labels}']);
  same(['deployment', 'web', '-o', 'jsonpath={.spec.template.metadata.labels.app\\.kubernetes\\.io/name} {.spec.replicas}']);
  same(['nodes', '-o', 'jsonpath={.items[-1].metadata.name} {.items[0].status.conditions[?(@.type=="Ready")].status}']);
  same(['pods', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,LABELS:.metadata.labels,IMAGES:.spec.containers[*].image,NONE:.spec.nothing']);
  same(['pods', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,PHASE:.status.phase']);
  same(['configmaps', '--sort-by=.metadata.name', '-o', 'name']);
  same(['configmaps', '--sort-by={.metadata.name}', '--no-headers'], cells);
  same(['pods', '--sort-by=.spec.nodeName', '-o', 'custom-columns=NODE:.spec.nodeName'] );
  same(['pods', '-L', 'tier,app.kubernetes.io/name', '-L', 'missing'], cells);
  same(['nodes', '--no-headers', '--sort-by=.metadata.name'], cells);

  const refused = kesctl('get', 'pods', '-o', 'jsonpath={.items[*]');
  t.is(refused.code, 1);
  t.regex(refused.stderr, /unclosed/);
});

test.serial('kesctl get -w prints the listed objects, then each change as it happens', async (t) => {
  const { kubectl, ok, dataDir } = await kubectlCluster(t, 1);
  const env = { KUBECONFIG: join(dataDir, 'admin.kubeconfig') };
  ok(kubectl('create', 'configmap', 'first', '--from-literal=a=1'));
  const watching = startProcess('kesctl', ['get', 'configmaps', '-w', '-o', 'custom-columns=NAME:.metadata.name,A:.data.a'], env);
  t.teardown(() => watching.kill('SIGKILL'));
  await watching.waitFor(/^first\s+1$/m, 60_000);
  ok(kubectl('create', 'configmap', 'second', '--from-literal=a=2'));
  await watching.waitFor(/^second\s+2$/m, 60_000);
  ok(kubectl('patch', 'configmap', 'first', '-p', '{"data":{"a":"3"}}'));
  await watching.waitFor(/^first\s+3$/m, 60_000);
  t.is(watching.output().match(/^NAME\s+A$/gm)?.length, 1, watching.output());

  const table = startProcess('kesctl', ['get', 'configmaps', '--watch-only', '-l', 'watched=yes'], env);
  t.teardown(() => table.kill('SIGKILL'));
  // The watch starts when kesctl has listed, which it does not say: change the object until a change shows.
  let round = 0;
  await eventually(() => (ok(kubectl('label', 'configmap', 'second', 'watched=yes', `round=${round++}`, '--overwrite')), table.output()), (out) => /second/.test(out), 60_000);
  t.regex(table.output(), /^NAME\s+DATA\s+AGE\nsecond\s+1\s+\S+\n/);
  t.notRegex(table.output(), /first/);
});
