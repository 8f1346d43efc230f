import { namespacedKey } from '../../domain/shared/object-meta.js';
import type { TokenClaims, TokenSigner } from '../ports/token-signer.js';
import type { ReadModels } from '../projections/read-models.js';

/** kube-apiserver's default --service-account-issuer, which is also the audience the API server accepts. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** TokenRequest's default lifetime, and the shortest kube-apiserver gives (10 minutes) and the longest (2^32 seconds). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;

export const serviceAccountUser = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;
export const serviceAccountGroups = (namespace: string) => [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];

export type ServiceAccountRef = Readonly<{ namespace: string; name: string; uid: string }>;
export type TokenGrant = Readonly<{ account: ServiceAccountRef; audiences: readonly string[]; expirationSeconds: number; nowSeconds: number }>;

/** kube-apiserver's message when a TokenRequest asks for a lifetime it does not give, or undefined when it may. */
export function expirationProblem(seconds: number): string | undefined {
  if (!Number.isInteger(seconds)) return 'must be a whole number of seconds';
  if (seconds < MIN_EXPIRATION_SECONDS) return 'may not specify a duration less than 10 minutes';
  if (seconds > MAX_EXPIRATION_SECONDS) return 'may not specify a duration larger than 2^32 seconds';
  return undefined;
}

/** The claims of a bound ServiceAccount token, as Kubernetes writes them. */
export function serviceAccountClaims({ account, audiences, expirationSeconds, nowSeconds }: TokenGrant): TokenClaims {
  return {
    aud: audiences,
    exp: nowSeconds + expirationSeconds,
    iat: nowSeconds,
    iss: SERVICE_ACCOUNT_ISSUER,
    'kubernetes.io': { namespace: account.namespace, serviceaccount: { name: account.name, uid: account.uid } },
    nbf: nowSeconds,
    sub: serviceAccountUser(account.namespace, account.name),
  };
}

type AccountClaim = { namespace?: unknown; serviceaccount?: { name?: unknown; uid?: unknown } };

/**
 * The ServiceAccount a token speaks for, or undefined when it is not ours, not for this API server (issuer,
 * audience), not yet or no longer valid, or its ServiceAccount is gone (deleted, or deleted and made again: the
 * uid differs).
 */
export function serviceAccountOfToken(token: string, signer: TokenSigner, models: ReadModels, now: string): ServiceAccountRef | undefined {
  const claims = signer.verify(token);
  if (!claims || claims.iss !== SERVICE_ACCOUNT_ISSUER) return undefined;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(SERVICE_ACCOUNT_ISSUER)) return undefined;
  const nowSeconds = Math.floor(Date.parse(now) / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return undefined;
  const { namespace, serviceaccount } = (claims['kubernetes.io'] ?? {}) as AccountClaim;
  const name = serviceaccount?.name;
  const uid = serviceaccount?.uid;
  if (typeof namespace !== 'string' || typeof name !== 'string' || typeof uid !== 'string') return undefined;
  if (claims.sub !== serviceAccountUser(namespace, name)) return undefined;
  return models.serviceAccounts.get(namespacedKey(namespace, name))?.meta.uid === uid ? { namespace, name, uid } : undefined;
}
