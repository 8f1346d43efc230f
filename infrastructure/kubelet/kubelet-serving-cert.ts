import { generate } from 'selfsigned';

export type ServingCertificate = Readonly<{ key: string; cert: string }>;

const YEAR_MS = 365 * 24 * 3_600_000;

/**
 * A kubelet's own serving certificate, self-signed as a kubelet makes it without --tls-cert-file (CN
 * `<node>@<unix time>`), for the node's name, localhost, 127.0.0.1 and `addresses` (its InternalIP, where the API
 * server reaches it): the API server does not check it, as with kubeadm's default (no --kubelet-certificate-authority).
 */
export async function selfSignedKubeletCertificate(nodeName: string, addresses: readonly string[] = []): Promise<ServingCertificate> {
  const ips = [...new Set(['127.0.0.1', ...addresses])].map((ip) => ({ type: 7 as const, ip }));
  const now = new Date();
  const pair = await generate([{ name: 'commonName', value: `${nodeName}@${Math.floor(now.getTime() / 1000)}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 5 * 60_000),
    notAfterDate: new Date(now.getTime() + YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: nodeName }, { type: 2, value: 'localhost' }, ...ips] },
    ],
  });
  return { key: pair.private, cert: pair.cert };
}
