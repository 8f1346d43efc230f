import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** The cluster's certificate authority and the API server's serving certificate, all PEM. */
export type ClusterPki = { caCert: string; serverCert: string; serverKey: string };

export const PKI_FILES = { caCert: 'ca.crt', caKey: 'ca.key', serverCert: 'apiserver.crt', serverKey: 'apiserver.key' } as const;

const CA_YEARS = 10;
const SERVER_YEARS = 1;

/**
 * Like kubeadm's `certs` phase: a cluster CA (10 years) and an API server certificate signed by it (1 year)
 * for IP 127.0.0.1, DNS localhost and the given host names, in `dir` (keys 0600). Files already there are
 * read, not replaced, so a restarted control plane keeps the CA its clients trust.
 */
export async function ensureClusterPki(dir: string, hostnames: string[]): Promise<ClusterPki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof PKI_FILES) => join(dir, PKI_FILES[name]);

  let caCert: string;
  let caKey: string;
  let freshCa = false;
  if (existsSync(path('caCert')) && existsSync(path('caKey'))) {
    caCert = readFileSync(path('caCert'), 'utf8');
    caKey = readFileSync(path('caKey'), 'utf8');
  } else {
    const now = new Date();
    const ca = await generate([{ name: 'commonName', value: 'kubernetes' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: minutesEarlier(now, 5),
      notAfterDate: yearsLater(now, CA_YEARS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'kubernetes' }] },
      ],
    });
    caCert = ca.cert;
    caKey = ca.private;
    freshCa = true;
    writePrivate(path('caKey'), caKey);
    writePublic(path('caCert'), caCert);
  }

  // A new CA means a new serving certificate: one signed by a CA that is gone would be trusted by no one.
  if (!freshCa && existsSync(path('serverCert')) && existsSync(path('serverKey'))) {
    return { caCert, serverCert: readFileSync(path('serverCert'), 'utf8'), serverKey: readFileSync(path('serverKey'), 'utf8') };
  }
  const names = [...new Set(['localhost', 'kubernetes', ...hostnames.map((h) => h.trim().toLowerCase()).filter((h) => h !== '')])];
  const dns = names.filter((n) => !isIP(n));
  const ips = [...new Set(['127.0.0.1', ...names.filter((n) => isIP(n))])];
  const now = new Date();
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: minutesEarlier(now, 5),
    notAfterDate: yearsLater(now, SERVER_YEARS),
    ca: { cert: caCert, key: caKey },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...ips.map((ip) => ({ type: 7 as const, ip })), ...dns.map((value) => ({ type: 2 as const, value }))] },
    ],
  });
  writePrivate(path('serverKey'), server.private);
  writePublic(path('serverCert'), server.cert);
  return { caCert, serverCert: server.cert, serverKey: server.private };
}

/**
 * kubeadm's `--discovery-token-ca-cert-hash`: `sha256:` and the hex SHA-256 of the CA certificate's
 * SubjectPublicKeyInfo (DER).
 */
export function caCertHash(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

function yearsLater(from: Date, years: number): Date {
  const date = new Date(from);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date;
}

/** A little slack for clocks that are slightly behind. */
function minutesEarlier(from: Date, minutes: number): Date {
  return new Date(from.getTime() - minutes * 60_000);
}

function writePrivate(path: string, pem: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

function writePublic(path: string, pem: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o644 });
  renameSync(temporary, path);
}
