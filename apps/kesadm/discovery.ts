import { X509Certificate } from 'node:crypto';
import { caCertHash } from '../../infrastructure/crypto/cluster-pki.js';
import { ApiClient, ApiError } from '../../infrastructure/http-client/api-client.js';
import { KesadmError } from './master.js';

/** `HOST:PORT` means https, as the API server serves it; an explicit http:// or https:// URL is kept. */
export const serverUrl = (server: string) => (/^https?:\/\//.test(server) ? server : `https://${server}`).replace(/\/+$/, '');

export function expectedHash(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const hash = given.trim().toLowerCase();
  if (!/^sha256:[0-9a-f]{64}$/.test(hash))
    throw new KesadmError(`--discovery-token-ca-cert-hash "${given}" is not sha256:<64 hex digits> (kesadm init and kesadm token create print it)`);
  return hash;
}

/**
 * kubeadm's token discovery: fetch the cluster CA without trusting the server yet, then accept it only when its
 * public key matches --discovery-token-ca-cert-hash. Every later request trusts that CA and nothing else.
 */
export async function discoverCa(server: string, hash: string | undefined, unsafeSkip: boolean): Promise<string | undefined> {
  if (!server.startsWith('https:')) {
    if (hash) throw new KesadmError(`cannot check --discovery-token-ca-cert-hash against ${server}: it is not https`);
    return undefined;
  }
  if (!hash && !unsafeSkip)
    throw new KesadmError(
      'joining needs --discovery-token-ca-cert-hash sha256:… (kesadm init and kesadm token create print it), ' +
        'or --discovery-token-unsafe-skip-ca-verification to trust the server unverified. Nothing was registered.',
    );
  const untrusted = new ApiClient(server, '', { insecureSkipTlsVerify: true });
  let caCert: string | undefined;
  try {
    caCert = (await untrusted.request<{ caCert?: string }>('GET', '/kes/v1/cluster-ca')).caCert;
  } catch (error) {
    if (error instanceof ApiError) throw new KesadmError(`${server} did not hand out its cluster CA (${error.status}): ${error.message}`);
    throw new KesadmError(`cannot reach the API server at ${server}: ${(error as Error).message}`);
  } finally {
    await untrusted.close();
  }
  try {
    if (!caCert || !new X509Certificate(caCert).ca) throw new Error('not a CA certificate');
  } catch (error) {
    throw new KesadmError(`${server} handed out a cluster CA that is not a CA certificate: ${(error as Error).message}`);
  }
  const actual = caCertHash(caCert);
  if (hash && actual !== hash)
    throw new KesadmError(
      `the cluster CA of ${server} does not match --discovery-token-ca-cert-hash: it hashes to ${actual}, not ${hash}. ` +
        'Refusing to join: is this the right server? Nothing was registered.',
    );
  if (!hash)
    process.stderr.write(`[discovery] WARNING: joining without --discovery-token-ca-cert-hash: trusting the cluster CA ${actual} of ${server} unverified\n`);
  return caCert;
}

