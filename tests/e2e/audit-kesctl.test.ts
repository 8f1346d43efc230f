import test from 'ava';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { e2eCluster } from '../support/e2e-cluster.js';
import { eventually, runCli } from '../support/processes.js';

test.serial('a refused delete shows in kesctl audit: who tried to delete node master, and an unknown token as system:anonymous', async (t) => {
  const { dir, start } = e2eCluster(t);
  const port = await freeLoopbackPort();
  const masterDir = join(dir, 'master');
  const kesctl = (...args: string[]) => runCli('kesctl', ['--kubeconfig', join(masterDir, 'admin.kubeconfig'), ...args]);
  const master = start('kesadm', ['init', '--data-dir', masterDir, '--api-port', String(port), '--node-name', 'master']);
  await master.waitFor(/listening on/);

  const token = runCli('kesadm', ['token', 'create', '--data-dir', masterDir]).stdout.trim().split('\n')[0];
  const tokenId = token.split('.')[0];
  const refused = kesctl('--token', token, 'delete', 'node', 'master');
  t.not(refused.code, 0);
  t.regex(refused.stderr, /forbidden/i);
  const unknown = kesctl('--token', 'not-a-token-at-all', 'delete', 'node', 'master');
  t.not(unknown.code, 0);

  // Each first refusal is recorded at once, after its answer: the table shows it soon after.
  const table = await eventually(() => kesctl('audit', '--refused', '--kind', 'node').stdout, (out) => out.split('\n').filter(Boolean).length >= 3);
  const lines = table.trim().split('\n');
  t.regex(lines[0], /^TIME\s+ACTOR\s+VERB\s+OBJECT\s+RESULT\s+COUNT$/);
  t.true(lines.some((l) => new RegExp(`^\\S+\\s+system:bootstrap:${tokenId}\\s+delete\\s+nodes/master\\s+refused: Forbidden\\s+1$`).test(l)), table);
  t.true(lines.some((l) => /^\S+\s+system:anonymous\s+delete\s+nodes\/master\s+refused: Unauthorized\s+1$/.test(l)), table);
  t.false(table.includes('not-a-token-at-all'));

  const json = JSON.parse(kesctl('audit', '--actor', `system:bootstrap:${tokenId}`, '-o', 'json').stdout) as { verb: string; result: string; source: string }[];
  t.like(json, [{ verb: 'delete', result: 'refused', source: '127.0.0.1' }]);
});
