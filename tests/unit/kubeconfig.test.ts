import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultKubeconfigPath, readKubeconfig, writeKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);

const admin = { server: 'http://127.0.0.1:6443', token: 'abc123.secret', clusterName: 'kes', userName: 'admin' };

test('a written kubeconfig reads back: server, token and names of the current context', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'nested', 'dir', 'admin.kubeconfig');
  writeKubeconfig(path, admin);
  t.deepEqual(readKubeconfig(path), {
    server: 'http://127.0.0.1:6443',
    token: 'abc123.secret',
    contextName: 'admin@kes',
    clusterName: 'kes',
    userName: 'admin',
    namespace: undefined,
  });
});

test('the kubeconfig is readable by its owner only, and rewriting it keeps it so', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'admin.kubeconfig');
  writeFileSync(path, 'old', { mode: 0o644 });
  writeKubeconfig(path, admin);
  t.is(statSync(path).mode & 0o777, 0o600);
  writeKubeconfig(path, { ...admin, token: 'other' });
  t.is(statSync(path).mode & 0o777, 0o600);
  t.is(readKubeconfig(path).token, 'other');
});

test('a stock kubectl accepts the kubeconfig', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'admin.kubeconfig');
  writeKubeconfig(path, admin);
  const env = { ...process.env, HOME: dir.path, KUBECONFIG: '' };
  const server = await run('kubectl', ['--kubeconfig', path, 'config', 'view', '-o', 'jsonpath={.clusters[0].cluster.server}'], { env });
  t.is(server.stdout, 'http://127.0.0.1:6443');
  const context = await run('kubectl', ['--kubeconfig', path, 'config', 'current-context'], { env });
  t.is(context.stdout.trim(), 'admin@kes');
  const token = await run('kubectl', ['--kubeconfig', path, 'config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.token}'], { env });
  t.is(token.stdout, 'abc123.secret');
});

test('reads a kubeconfig with several contexts, following current-context', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'config');
  writeFileSync(join(dir.path, 'token'), 'from-file\n');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: a',
      '  cluster: {server: "https://a.example:6443"}',
      '- name: b',
      '  cluster: {server: "http://127.0.0.1:7000"}',
      'users:',
      '- name: ua',
      '  user: {token: ta}',
      '- name: ub',
      '  user: {tokenFile: token}',
      'contexts:',
      '- name: ca',
      '  context: {cluster: a, user: ua}',
      '- name: cb',
      '  context: {cluster: b, user: ub, namespace: ops}',
      'current-context: cb',
    ].join('\n'),
  );
  t.like(readKubeconfig(path), { server: 'http://127.0.0.1:7000', token: 'from-file', contextName: 'cb', namespace: 'ops' });
});

test('a kubeconfig that cannot be used says why', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'config');
  t.throws(() => readKubeconfig(path), { message: /cannot read kubeconfig .*config/ });
  writeFileSync(path, 'apiVersion: v1\nkind: Config\n');
  t.throws(() => readKubeconfig(path), { message: /has no current-context/ });
  writeFileSync(path, 'current-context: gone\ncontexts: []\n');
  t.throws(() => readKubeconfig(path), { message: /context "gone" does not exist/ });
  writeFileSync(path, 'current-context: c\ncontexts:\n- name: c\n  context: {cluster: x, user: u}\n');
  t.throws(() => readKubeconfig(path), { message: /cluster "x" of context "c" has no server/ });
});

test('default path: $KUBECONFIG, else ~/.kes/admin.kubeconfig when present, else ~/.kube/config', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  t.is(defaultKubeconfigPath({ KUBECONFIG: '/x/one:/x/two', HOME: dir.path }), '/x/one');
  t.is(defaultKubeconfigPath({ HOME: dir.path }), join(dir.path, '.kube', 'config'));
  mkdirSync(join(dir.path, '.kes'));
  writeFileSync(join(dir.path, '.kes', 'admin.kubeconfig'), '');
  t.is(defaultKubeconfigPath({ HOME: dir.path }), join(dir.path, '.kes', 'admin.kubeconfig'));
});

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfakeCAfakeCA\n-----END CERTIFICATE-----\n';

test('the cluster CA is written as certificate-authority-data (base64 PEM) and reads back as PEM', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'admin.kubeconfig');
  writeKubeconfig(path, { ...admin, server: 'https://127.0.0.1:6443', caData: CA_PEM });
  t.like(readKubeconfig(path), { server: 'https://127.0.0.1:6443', token: 'abc123.secret', caData: CA_PEM });
  t.is(readKubeconfig(path).insecureSkipTlsVerify, undefined);
  const env = { ...process.env, HOME: dir.path, KUBECONFIG: '' };
  const data = await run('kubectl', ['--kubeconfig', path, 'config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}'], { env });
  t.is(Buffer.from(data.stdout, 'base64').toString('utf8'), CA_PEM);
  // Without a CA nothing is written for it.
  writeKubeconfig(path, admin);
  t.false(readFileSync(path, 'utf8').includes('certificate-authority'));
  t.false('caData' in readKubeconfig(path));
});

test('reads the CA from a certificate-authority file (relative to the kubeconfig) and honours insecure-skip-tls-verify', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const path = join(dir.path, 'config');
  writeFileSync(join(dir.path, 'ca.crt'), CA_PEM);
  const config = (cluster: string) =>
    ['clusters:', '- name: c', `  cluster: ${cluster}`, 'users: [{name: u, user: {token: t}}]', 'contexts:', '- name: x', '  context: {cluster: c, user: u}', 'current-context: x'].join('\n');
  writeFileSync(path, config('{server: "https://h:6443", certificate-authority: ca.crt}'));
  t.is(readKubeconfig(path).caData, CA_PEM);
  writeFileSync(path, config(`{server: "https://h:6443", certificate-authority: ${join(dir.path, 'ca.crt')}}`));
  t.is(readKubeconfig(path).caData, CA_PEM);
  writeFileSync(path, config('{server: "https://h:6443", certificate-authority: missing.crt}'));
  t.throws(() => readKubeconfig(path), { message: /cannot read certificate-authority .*missing\.crt/ });
  writeFileSync(path, config('{server: "https://h:6443", certificate-authority-data: bm90IGEgY2VydA==}'));
  t.throws(() => readKubeconfig(path), { message: /certificate-authority-data of cluster "c" is not a base64-encoded PEM/ });
  writeFileSync(path, config('{server: "https://h:6443", insecure-skip-tls-verify: true}'));
  t.like(readKubeconfig(path), { server: 'https://h:6443', insecureSkipTlsVerify: true });
  t.is(readKubeconfig(path).caData, undefined);
});
