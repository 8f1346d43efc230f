import type { ReadModels } from '../projections/read-models.js';
import { BOOTSTRAPPERS, MASTERS, type Identity } from './authenticate.js';
import { componentAuthorizer } from './component-authorizer.js';
import { nodeAuthorizer } from './node-authorizer.js';
import { ALLOW, deny, type Opinion } from './opinion.js';
import { isPublicPath, KES_GROUP } from './paths.js';
import { isResourceRequest, type RequestAttributes } from './request-attributes.js';
import { selfReviewsAuthorizer } from './self-reviews.js';
import { serviceAccountAuthorizer } from './service-account-authorizer.js';

export type Authorization = Readonly<{ allowed: true }> | Readonly<{ allowed: false; message: string }>;

type Authorizer = (user: Identity, a: RequestAttributes, models: ReadModels) => Opinion;

const publicInfo: Authorizer = (_user, a) => (!isResourceRequest(a) && a.verb === 'get' && isPublicPath(a.path) ? ALLOW : undefined);

const masters: Authorizer = (user) => (user.groups.includes(MASTERS) ? ALLOW : undefined);

/** A bootstrap token is good for one thing: exchanging it for a node credential. */
const bootstrappers: Authorizer = (user, a) => {
  if (!user.groups.includes(BOOTSTRAPPERS)) return undefined;
  const joining = isResourceRequest(a) && a.apiGroup === KES_GROUP && a.resource === 'join' && a.verb === 'create';
  return joining ? ALLOW : deny('a bootstrap token may only join a node (POST /kes/v1/join)');
};

/** In order, as kube-apiserver's --authorization-mode chain; the first opinion decides. */
const CHAIN: readonly Authorizer[] = [publicInfo, masters, selfReviewsAuthorizer, bootstrappers, nodeAuthorizer, componentAuthorizer, serviceAccountAuthorizer];

/** Kubernetes' words: `secrets "db" is forbidden: User "u" cannot get resource "secrets" in API group "" in the namespace "default": why`. */
function forbidden(user: Identity, a: RequestAttributes, reason: string): string {
  const why = reason ? `: ${reason}` : '';
  if (!isResourceRequest(a)) return `forbidden: User "${user.actor}" cannot ${a.verb} path "${a.path}"${why}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.actor}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}${why}`;
}

/**
 * Whether `user` may do what the request means. Decides on the attributes alone — never on how the path was
 * spelled — so every route, and every other way in (commands over NATS, the event feed), gets the same answer.
 */
export function authorizeRequest(user: Identity, a: RequestAttributes, models: ReadModels): Authorization {
  const opinion = firstOpinion(user, a, models);
  return opinion?.allowed ? { allowed: true } : { allowed: false, message: forbidden(user, a, opinion?.reason ?? '') };
}

/** The opinion that decides, or undefined when no authorizer has one (then the request is denied): what a SelfSubjectAccessReview reports. */
export function firstOpinion(user: Identity, a: RequestAttributes, models: ReadModels): Opinion {
  for (const authorizer of CHAIN) {
    const opinion = authorizer(user, a, models);
    if (opinion) return opinion;
  }
  return undefined;
}
