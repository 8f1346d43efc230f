import type { Identity } from './authenticate.js';
import { ALLOW, deny, type Opinion } from './opinion.js';
import { isDiscoveryPath } from './paths.js';
import { isResourceRequest, type RequestAttributes } from './request-attributes.js';
import { SERVICE_ACCOUNTS_GROUP } from './service-account-tokens.js';

export const NO_SERVICE_ACCOUNT_RBAC =
  'kes has no RBAC for service accounts yet: a service account may read the API discovery documents and review itself (kubectl auth whoami, auth can-i), nothing else';

/**
 * ServiceAccounts, until kes has RBAC: Kubernetes' system:discovery and system:basic-user (the self reviews are
 * allowed before this, as for every user), and nothing else — a clear refusal rather than a role nobody granted.
 */
export function serviceAccountAuthorizer(user: Identity, a: RequestAttributes): Opinion {
  if (!user.groups.includes(SERVICE_ACCOUNTS_GROUP)) return undefined;
  return !isResourceRequest(a) && a.verb === 'get' && isDiscoveryPath(a.path) ? ALLOW : deny(NO_SERVICE_ACCOUNT_RBAC);
}
