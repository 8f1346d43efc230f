import { BOOTSTRAPPERS, type Identity } from './authenticate.js';
import { ALLOW, type Opinion } from './opinion.js';
import { isResourceRequest, type RequestAttributes } from './request-attributes.js';

/** What anyone may ask about themselves (Kubernetes' system:basic-user): what they may do, and who they are. */
const SELF_REVIEWS: Readonly<Record<string, string>> = {
  selfsubjectaccessreviews: 'authorization.k8s.io',
  selfsubjectrulesreviews: 'authorization.k8s.io',
  selfsubjectreviews: 'authentication.k8s.io',
};

/** Any authenticated user — but a bootstrap token, good only for joining — may create the self reviews. */
export function selfReviewsAuthorizer(user: Identity, a: RequestAttributes): Opinion {
  if (user.kind === 'anonymous' || user.groups.includes(BOOTSTRAPPERS) || !isResourceRequest(a)) return undefined;
  return a.verb === 'create' && SELF_REVIEWS[a.resource] === a.apiGroup ? ALLOW : undefined;
}
