import test from 'ava';
import { kubectlCluster } from '../support/kubectl-cluster.js';

test('kubectl get --chunk-size pages through a list with continue tokens; get --subresource=status reads the status', async (t) => {
  const { kubectl, ok } = await kubectlCluster(t, 1);
  ok(kubectl('create', 'namespace', 'paging'));
  const names = ['cm-e', 'cm-b', 'cm-d', 'cm-a', 'cm-c'];
  for (const name of names) ok(kubectl('create', 'configmap', name, '-n', 'paging', `--from-literal=k=${name}`));

  const paged = kubectl('get', 'configmaps', '-n', 'paging', '--chunk-size=2', '-o', 'name', '-v=6');
  t.is(paged.code, 0, paged.err);
  t.deepEqual(paged.out.trim().split('\n').filter((l) => l.startsWith('configmap/cm-')), names.map((n) => `configmap/${n}`).sort());
  t.regex(paged.err, /limit=2&continue=|continue=[^&\s]+&limit=2/, 'kubectl asked for the next page with the token it was given');

  const table = ok(kubectl('get', 'configmaps', '-n', 'paging', '--chunk-size=2'));
  t.deepEqual(table.trim().split('\n').filter((l) => l.startsWith('cm-')).map((l) => l.split(/\s+/)[0]), names.slice().sort());
  t.is(table.trim().split('\n').filter((l) => l.startsWith('NAME')).length, 1, 'one header for all the pages');

  t.is(ok(kubectl('get', 'namespace', 'paging', '--subresource=status', '-o', 'jsonpath={.status.phase}')), 'Active');
});
