import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/processes.js';
import { kubectlCluster } from '../support/kubectl-cluster.js';

/**
 * The objects every Kubernetes cluster has, read by a stock kubectl from `kesadm init --single-node`: the
 * `kubernetes` Service pointing at the API server, `kube-root-ca.crt` and the `default` ServiceAccount in every
 * namespace (made again when deleted).
 */
test.serial('kubectl finds the kubernetes Service, kube-root-ca.crt and the default ServiceAccount, in new namespaces too', async (t) => {
  const { kubectl, ok, dataDir } = await kubectlCluster(t, 1);
  const until = (args: string[], matches: (out: string) => boolean) => eventually(() => kubectl(...args).out, matches, 60_000);

  await until(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.ports[0].port}'], (out) => out === '443');
  t.regex(ok(kubectl('get', 'svc', 'kubernetes')), /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/);
  const server = new URL(ok(kubectl('config', 'view', '-o', 'jsonpath={.clusters[0].cluster.server}')));
  await until(['get', 'endpoints', 'kubernetes'], (out) => out.includes(`${server.hostname}:${server.port}`));

  const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
  await until(['get', 'cm', 'kube-root-ca.crt', '-n', 'kube-system', '-o', 'jsonpath={.data.ca\\.crt}'], (out) => out === ca);
  await until(['get', 'sa', 'default'], (out) => /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s/.test(out));

  ok(kubectl('create', 'namespace', 'team-a'));
  await until(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-a', '-o', 'jsonpath={.data.ca\\.crt}'], (out) => out === ca);
  await until(['get', 'sa', 'default', '-n', 'team-a', '-o', 'name'], (out) => out.trim() === 'serviceaccount/default');
  t.regex(ok(kubectl('create', 'serviceaccount', 'builder', '-n', 'team-a')), /serviceaccount\/builder created/);
  t.regex(ok(kubectl('get', 'sa', '-n', 'team-a')), /builder\s+0\s[\s\S]*default\s+0\s/);
  ok(kubectl('delete', 'cm', 'kube-root-ca.crt', '-n', 'team-a'));
  ok(kubectl('delete', 'sa', 'default', '-n', 'team-a'));
  await until(['get', 'cm', 'kube-root-ca.crt', '-n', 'team-a', '-o', 'jsonpath={.data.ca\\.crt}'], (out) => out === ca);
  await until(['get', 'sa', 'default', '-n', 'team-a', '-o', 'name'], (out) => out.trim() === 'serviceaccount/default');
  t.regex(ok(kubectl('api-resources')), /serviceaccounts\s+sa\s+v1\s+true\s+ServiceAccount/);
});
