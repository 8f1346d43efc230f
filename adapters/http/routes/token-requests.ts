import type { FastifyInstance } from 'fastify';
import {
  DEFAULT_EXPIRATION_SECONDS, expirationProblem, SERVICE_ACCOUNT_ISSUER, serviceAccountClaims,
} from '../../../application/auth/service-account-tokens.js';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { failure, invalidStatus } from '../status.js';

type Fields = Record<string, unknown>;
type Request = { Params: { namespace: string; name: string }; Body: Fields | undefined };

const KIND = 'TokenRequest.authentication.k8s.io';
const objectAt = (object: unknown, key: string): Fields | undefined => {
  const value = (object as Fields | undefined)?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
};
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0 ? (value as string[]) : undefined;

/**
 * `kubectl create token` (authentication.k8s.io/v1 TokenRequest, JSON or protobuf): a JWT bound to the
 * ServiceAccount — its uid is in the token, so deleting the ServiceAccount ends it — that expires. Issuing one
 * changes nothing in the cluster (nothing is appended), and the token itself is never logged or recorded.
 */
export function tokenRequestRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<Request>('/api/v1/namespaces/:namespace/serviceaccounts/:name/token', async (request, reply) => {
    const { namespace, name } = request.params;
    const details = { name, kind: 'serviceaccounts' };
    const account = deps.models.serviceAccounts.get(namespacedKey(namespace, name));
    if (!account) return reply.code(404).send(failure('NotFound', `serviceaccounts "${name}" not found`, details));
    if (!deps.serviceAccountTokens)
      return reply.code(405).send(failure('MethodNotAllowed', `this API server has no key to sign service account tokens, so serviceaccounts "${name}" has none to give`, details));
    const spec = objectAt(request.body, 'spec') ?? {};
    if (spec.boundObjectRef !== undefined && spec.boundObjectRef !== null)
      return reply.code(422).send(invalidStatus(KIND, name, [{ field: 'spec.boundObjectRef', message: 'Unsupported value: kes binds tokens to their ServiceAccount only; leave out --bound-object-kind' }]));
    const asked = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const expirationSeconds = typeof asked === 'string' ? Number(asked) : (asked as number);
    const problem = typeof expirationSeconds === 'number' ? expirationProblem(expirationSeconds) : 'must be a number of seconds';
    if (problem) return reply.code(422).send(invalidStatus(KIND, name, [{ field: 'spec.expirationSeconds', message: `Invalid value: ${JSON.stringify(asked)}: ${problem}` }]));
    const audiences = strings(spec.audiences) ?? [SERVICE_ACCOUNT_ISSUER];
    const nowSeconds = Math.floor(Date.parse(deps.clock.now()) / 1000);
    const claims = serviceAccountClaims({ account: { namespace, name, uid: account.meta.uid }, audiences, expirationSeconds, nowSeconds });
    return reply.code(201).send({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds, boundObjectRef: null },
      status: { token: deps.serviceAccountTokens.sign(claims), expirationTimestamp: new Date((nowSeconds + expirationSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
  });
}
