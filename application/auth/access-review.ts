import type { ReadModels } from '../projections/read-models.js';
import { MASTERS, type Identity } from './authenticate.js';
import { firstOpinion } from './authorize-request.js';
import type { RequestAttributes, Verb } from './request-attributes.js';

/** What a SelfSubjectAccessReview asks: an action on a resource, or on a path that names none. */
export type AccessQuestion =
  | Readonly<{ resource: Readonly<{ namespace: string; verb: string; group: string; resource: string; subresource: string; name: string }> }>
  | Readonly<{ nonResource: Readonly<{ path: string; verb: string }> }>;

/** SubjectAccessReviewStatus: allowed, or denied with the authorizer's reason, or neither when no authorizer had an opinion. */
export type AccessAnswer = Readonly<{ allowed: boolean; denied?: true; reason?: string }>;

/**
 * Whether `user` may do what the question asks, decided by the same authorizer chain as every request. A review
 * may name any verb (`use`, `*`): the authorizers compare it with the verbs they know, so an unknown one is allowed
 * only where everything is.
 */
export function reviewAccess(user: Identity, question: AccessQuestion, models: ReadModels): AccessAnswer {
  const attributes: RequestAttributes =
    'resource' in question
      ? { ...question.resource, verb: question.resource.verb as Verb, apiGroup: question.resource.group }
      : { verb: question.nonResource.verb as Verb, path: question.nonResource.path };
  const opinion = firstOpinion(user, attributes, models);
  if (opinion?.allowed) return { allowed: true, ...(user.groups.includes(MASTERS) ? { reason: `kes: allowed to group "${MASTERS}"` } : {}) };
  return opinion ? { allowed: false, denied: true, reason: opinion.reason } : { allowed: false };
}

/** SubjectRulesReviewStatus: kes' authorizers are rules only for the masters; for anyone else the list is incomplete. */
export function reviewRules(user: Identity) {
  if (user.groups.includes(MASTERS))
    return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
  return {
    resourceRules: [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ],
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }],
    incomplete: true,
    evaluationError: `kes decides for ${user.kind} credentials by relationship (the node and component authorizers), not by rules: ask about one action with kubectl auth can-i VERB RESOURCE`,
  };
}
