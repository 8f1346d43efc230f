import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ensureOwnerOnlyDirectory } from '../system/owner-only.js';

/**
 * The cluster's certificate authority, the API server's serving certificate, and the client certificate the API
 * server shows kubelets (kubeadm's apiserver-kubelet-client), all PEM.
 */
export type ClusterPki = { caCert: string; serverCert: string; serverKey: string; kubeletClientCert: string; kubeletClientKey: string };

export const PKI_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  kubeletClientCert: 'apiserver-kubelet-client.crt',
  kubeletClientKey: 'apiserver-kubelet-client.key',
} as const;

/** The common name of the API server's client certificate, the only one a kubelet serves (kubeadm's). */
export const KUBELET_CLIENT_COMMON_NAME = 'kube-apiserver-kubelet-client';

const CA_YEARS = 10;
const SERVER_YEARS = 1;

/**
 * Like kubeadm's `certs` phase: a cluster CA (10 years) and, signed by it (1 year), an API server certificate
 * for IP 127.0.0.1, DNS localhost and the given host names and the API server's kubelet client certificate,
 * in `dir` (keys 0600). Files already there are
 * read, not replaced, so a restarted control plane keeps the CA its clients trust.
 */
export async function ensureClusterPki(dir: string, hostnames: string[]): Promise<ClusterPki> {
  ensureOwnerOnlyDirectory(dir);
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

  // A new CA means new certificates: ones signed by a CA that is gone would be trusted by no one.
  const kept = (cert: keyof typeof PKI_FILES, key: keyof typeof PKI_FILES) =>
    !freshCa && existsSync(path(cert)) && existsSync(path(key)) ? { cert: readFileSync(path(cert), 'utf8'), key: readFileSync(path(key), 'utf8') } : undefined;
  const made = async (cert: keyof typeof PKI_FILES, key: keyof typeof PKI_FILES, make: () => Promise<{ cert: string; private: string }>) => {
    const pair = await make();
    writePrivate(path(key), pair.private);
    writePublic(path(cert), pair.cert);
    return { cert: pair.cert, key: pair.private };
  };
  const ca = { cert: caCert, key: caKey };
  const server = kept('serverCert', 'serverKey') ?? (await made('serverCert', 'serverKey', () => servingCertificate(ca, hostnames)));
  // A cluster made before kubelets served logs has no client certificate yet: it gets one now.
  const kubeletClient = kept('kubeletClientCert', 'kubeletClientKey') ?? (await made('kubeletClientCert', 'kubeletClientKey', () => kubeletClientCertificate(ca)));
  return { caCert, serverCert: server.cert, serverKey: server.key, kubeletClientCert: kubeletClient.cert, kubeletClientKey: kubeletClient.key };
}

type SigningCa = Readonly<{ cert: string; key: string }>;

type Extension = NonNullable<Parameters<typeof generate>[1]>['extensions'];

/** A leaf certificate signed by the cluster CA: EC P-256, valid from a few minutes ago for SERVER_YEARS. */
function leafCertificate(ca: SigningCa, commonName: string, usage: NonNullable<Extension>) {
  const now = new Date();
  return generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: minutesEarlier(now, 5),
    notAfterDate: yearsLater(now, SERVER_YEARS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      ...usage,
    ],
  });
}

function servingCertificate(ca: SigningCa, hostnames: string[]) {
  const names = [...new Set(['localhost', 'kubernetes', ...hostnames.map((h) => h.trim().toLowerCase()).filter((h) => h !== '')])];
  const dns = names.filter((n) => !isIP(n));
  const ips = [...new Set(['127.0.0.1', ...names.filter((n) => isIP(n))])];
  return leafCertificate(ca, 'kube-apiserver', [
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...ips.map((ip) => ({ type: 7 as const, ip })), ...dns.map((value) => ({ type: 2 as const, value }))] },
  ]);
}

/** What the API server shows a kubelet when it asks for logs; the kubelet trusts it because the cluster CA signed it. */
function kubeletClientCertificate(ca: SigningCa) {
  return leafCertificate(ca, KUBELET_CLIENT_COMMON_NAME, [{ name: 'extKeyUsage', clientAuth: true }]);
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
