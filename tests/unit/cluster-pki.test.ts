import test from 'ava';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { caCertHash, ensureClusterPki } from '../../infrastructure/crypto/cluster-pki.js';
import { tempDir } from '../support/tmp.js';

test('init makes a CA and an API server certificate signed by it, keys readable by their owner only', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const pkiDir = join(dir.path, 'pki');
  const pki = await ensureClusterPki(pkiDir, ['localhost', 'Master-1']);

  for (const file of ['ca.crt', 'ca.key', 'apiserver.crt', 'apiserver.key']) t.true(statSync(join(pkiDir, file)).isFile(), file);
  t.is(statSync(join(pkiDir, 'ca.key')).mode & 0o777, 0o600);
  t.is(statSync(join(pkiDir, 'apiserver.key')).mode & 0o777, 0o600);
  t.is(readFileSync(join(pkiDir, 'ca.crt'), 'utf8'), pki.caCert);
  t.is(readFileSync(join(pkiDir, 'apiserver.crt'), 'utf8'), pki.serverCert);
  t.is(readFileSync(join(pkiDir, 'apiserver.key'), 'utf8'), pki.serverKey);

  const ca = new X509Certificate(pki.caCert);
  const server = new X509Certificate(pki.serverCert);
  t.true(ca.ca);
  t.false(server.ca);
  t.true(ca.verify(ca.publicKey), 'the CA is self-signed');
  t.true(server.checkIssued(ca));
  t.true(server.verify(ca.publicKey), 'the server certificate is signed by the CA');
  t.true(server.checkPrivateKey(createPrivateKey(pki.serverKey)));

  t.regex(server.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  t.regex(server.subjectAltName ?? '', /DNS:localhost/);
  t.regex(server.subjectAltName ?? '', /DNS:master-1/);
  t.is(server.checkHost('localhost'), 'localhost');
  t.is(server.checkIP('127.0.0.1'), '127.0.0.1');

  const year = 365 * 24 * 3_600_000;
  const caLife = Date.parse(ca.validTo) - Date.now();
  const serverLife = Date.parse(server.validTo) - Date.now();
  t.true(caLife > 9.9 * year && caLife < 10.1 * year, `CA valid for ${caLife / year} years`);
  t.true(serverLife > 0.99 * year && serverLife < 1.01 * year, `server certificate valid for ${serverLife / year} years`);
  t.true(Date.parse(server.validFrom) <= Date.now());
});

test('a second call reads the same files instead of making new ones', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const first = await ensureClusterPki(dir.path, ['localhost']);
  const second = await ensureClusterPki(dir.path, ['localhost', 'other-name']);
  t.deepEqual(second, first);
});

test('the CA hash is sha256 of the CA public key info, as kubeadm prints it', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const { caCert } = await ensureClusterPki(dir.path, []);
  const spki = new X509Certificate(caCert).publicKey.export({ type: 'spki', format: 'der' });
  const hash = caCertHash(caCert);
  t.regex(hash, /^sha256:[0-9a-f]{64}$/);
  t.is(hash, `sha256:${createHash('sha256').update(spki).digest('hex')}`);
});
