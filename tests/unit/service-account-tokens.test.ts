import test from 'ava';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expirationProblem, serviceAccountClaims, SERVICE_ACCOUNT_ISSUER } from '../../application/auth/service-account-tokens.js';
import { serviceAccountAuthorizer } from '../../application/auth/service-account-authorizer.js';
import type { Identity } from '../../application/auth/authenticate.js';
import { FileJwtSigner } from '../../infrastructure/crypto/jwt-signer.js';
import { tempDir } from '../support/tmp.js';

const ROBOT: Identity = { actor: 'system:serviceaccount:default:robot', kind: 'serviceaccount', name: 'system:serviceaccount:default:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
const claims = serviceAccountClaims({ account: { namespace: 'default', name: 'robot', uid: 'uid-1' }, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3600, nowSeconds: 1_700_000_000 });

test('given a key file, a signer signs ES256 JWTs that it, and another signer of the same file, verify; the key file is 0600', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, 'sub', 'service-account.key');
  const token = new FileJwtSigner(file).sign(claims);
  t.deepEqual(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg, 'ES256');
  t.deepEqual(new FileJwtSigner(file).verify(token), claims, 'the key outlives the process that made it');
  t.is(statSync(file).mode & 0o777, 0o600);
});

test('when a token is tampered with, signed by another key, or no JWT at all, it does not verify', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const signer = new FileJwtSigner(join(dir.path, 'a.key'));
  const token = signer.sign(claims);
  const [header, , signature] = token.split('.');
  const otherClaims = Buffer.from(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
  t.is(signer.verify(`${header}.${otherClaims}.${signature}`), undefined);
  t.is(signer.verify(new FileJwtSigner(join(dir.path, 'b.key')).sign(claims)), undefined);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
  t.is(signer.verify(none), undefined, 'alg none is never accepted');
  t.is(signer.verify('kesnode.a.b'), undefined);
  t.is(signer.verify('not-a-token'), undefined);
});

test('given lifetimes, only 10 minutes to 2^32 seconds are given, as kube-apiserver gives them', (t) => {
  t.is(expirationProblem(600), undefined);
  t.is(expirationProblem(3600), undefined);
  t.is(expirationProblem(599), 'may not specify a duration less than 10 minutes');
  t.is(expirationProblem(2 ** 32 + 1), 'may not specify a duration larger than 2^32 seconds');
  t.is(expirationProblem(700.5), 'must be a whole number of seconds');
});

test('given a service account, discovery is allowed and everything else denied saying kes has no RBAC for it; other users get no opinion', (t) => {
  t.deepEqual(serviceAccountAuthorizer(ROBOT, { verb: 'get', path: '/apis/apps/v1' }), { allowed: true });
  t.like(serviceAccountAuthorizer(ROBOT, { verb: 'get', path: '/healthz' }), { allowed: false });
  const pods = serviceAccountAuthorizer(ROBOT, { verb: 'list', apiGroup: '', resource: 'pods', subresource: '', namespace: 'default', name: '' });
  t.like(pods, { allowed: false });
  t.regex(pods && !pods.allowed ? pods.reason : '', /^kes has no RBAC for service accounts yet/);
  t.is(serviceAccountAuthorizer({ ...ROBOT, kind: 'admin', groups: ['system:masters'] }, { verb: 'get', path: '/api' }), undefined);
});
