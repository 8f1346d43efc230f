import type { FastifyInstance } from 'fastify';
import { reviewAccess, reviewRules, type AccessQuestion } from '../../../application/auth/access-review.js';
import type { ApiDeps } from '../api-deps.js';
import { invalidStatus } from '../status.js';

export const AUTHORIZATION_V1 = '/apis/authorization.k8s.io/v1';
export const AUTHENTICATION_V1 = '/apis/authentication.k8s.io/v1';

type Body = { Body: Record<string, unknown> | undefined };
type Fields = Record<string, unknown>;

const text = (object: Fields | undefined, key: string) => (typeof object?.[key] === 'string' ? (object[key] as string) : '');
const objectAt = (object: unknown, key: string) => {
  const value = (object as Fields | undefined)?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
};

/** The question of a SelfSubjectAccessReview's spec, or undefined unless exactly one of its two attribute sets is given. */
function accessQuestion(spec: Fields | undefined): AccessQuestion | undefined {
  const resource = objectAt(spec, 'resourceAttributes');
  const nonResource = objectAt(spec, 'nonResourceAttributes');
  if (resource && !nonResource)
    return { resource: { namespace: text(resource, 'namespace'), verb: text(resource, 'verb'), group: text(resource, 'group'), resource: text(resource, 'resource'), subresource: text(resource, 'subresource'), name: text(resource, 'name') } };
  if (nonResource && !resource) return { nonResource: { path: text(nonResource, 'path'), verb: text(nonResource, 'verb') } };
  return undefined;
}

/**
 * The reviews a user asks about themselves (`kubectl auth can-i [--list]`, `kubectl auth whoami`), answered from
 * kes' own authorizer chain and the request's identity. They are questions, not cluster changes: nothing is appended.
 */
export function selfReviewRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<Body>(`${AUTHORIZATION_V1}/selfsubjectaccessreviews`, async (request, reply) => {
    const spec = objectAt(request.body, 'spec');
    const question = accessQuestion(spec);
    if (!question)
      return reply.code(422).send(invalidStatus('SelfSubjectAccessReview', '', [{ field: 'spec.resourceAttributes', message: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' }]));
    const status = reviewAccess(request.identity!, question, deps.models);
    return reply.code(201).send({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec, status });
  });

  app.post<Body>(`${AUTHORIZATION_V1}/selfsubjectrulesreviews`, async (request, reply) => {
    const spec = objectAt(request.body, 'spec') ?? {};
    if (!text(spec, 'namespace'))
      return reply.code(422).send(invalidStatus('SelfSubjectRulesReview', '', [{ field: 'spec.namespace', message: 'Required value: the namespace to list the rules in' }]));
    return reply.code(201).send({ kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec, status: reviewRules(request.identity!) });
  });

  app.post(`${AUTHENTICATION_V1}/selfsubjectreviews`, async (request, reply) => {
    const { actor, groups } = request.identity!;
    return reply.code(201).send({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: { username: actor, groups } } });
  });
}
