import test from 'ava';
import { SERVICE_ACCOUNT_ISSUER, serviceAccountClaims } from '../../application/auth/service-account-tokens.js';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { kubectlBody } from '../support/kubectl-protobuf-bodies.js';
import { workloadApi, type Api } from '../support/workload-api.js';

/** TokenRequest (`kubectl create token`): bound ServiceAccount tokens, who they authenticate, and what they may do. */

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const TOKEN_URL = (name: string) => `/api/v1/namespaces/default/serviceaccounts/${name}/token`;

async function robotApi(): Promise<Api & { uid: string }> {
  const api = await workloadApi('default');
  const made = await api.request('POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  if (made.statusCode !== 201) throw new Error(made.body);
  return Object.assign(api, { uid: made.json().metadata.uid as string });
}

const issue = async (api: Api, spec: object = {}) => api.request('POST', TOKEN_URL('robot'), { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec });
const as = (api: Api, token: string, method: string, url: string, body?: unknown) => api.request(method, url, body, { authorization: `Bearer ${token}` });
const whoami = (api: Api, token: string) => as(api, token, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });

test('a TokenRequest gives a JWT for the ServiceAccount that expires when asked, with the claims Kubernetes writes; nothing is appended', async (t) => {
  const api = await robotApi();
  t.teardown(api.close);
  const head = await api.clusterHead();
  const before = Math.floor(Date.now() / 1000);
  const issued = await issue(api, { expirationSeconds: 1200 });
  t.is(issued.statusCode, 201, issued.body);
  const answer = issued.json();
  t.like(answer, { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: 'robot', namespace: 'default' }, spec: { audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 1200 } });
  const claims = JSON.parse(Buffer.from(answer.status.token.split('.')[1], 'base64url').toString());
  t.like(claims, { iss: SERVICE_ACCOUNT_ISSUER, sub: 'system:serviceaccount:default:robot', aud: [SERVICE_ACCOUNT_ISSUER], 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: api.uid } } });
  t.true(claims.iat >= before && claims.nbf === claims.iat && claims.exp === claims.iat + 1200);
  t.is(Date.parse(answer.status.expirationTimestamp) / 1000, claims.exp);
  t.is(await api.clusterHead(), head);
});

test('kubectl create token in protobuf gets a token of the default hour; a missing ServiceAccount is a 404 naming it', async (t) => {
  const api = await robotApi();
  t.teardown(api.close);
  const post = (name: string) =>
    api.app.inject({ method: 'POST', url: TOKEN_URL(name), payload: kubectlBody('createToken'), headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': PROTOBUF, accept: `${PROTOBUF},application/json` } });
  const issued = await post('robot');
  t.is(issued.statusCode, 201, issued.body);
  t.is(issued.json().spec.expirationSeconds, 3600);
  t.is((await whoami(api, issued.json().status.token)).json().status.userInfo.username, 'system:serviceaccount:default:robot');
  const missing = await post('ghost');
  t.is(missing.statusCode, 404);
  t.like(missing.json(), { reason: 'NotFound', message: 'serviceaccounts "ghost" not found', details: { name: 'ghost', kind: 'serviceaccounts' } });
});

test('a lifetime under 10 minutes is refused as kube-apiserver refuses it', async (t) => {
  const api = await robotApi();
  t.teardown(api.close);
  const short = await issue(api, { expirationSeconds: 60 });
  t.is(short.statusCode, 422);
  t.is(short.json().message, 'TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
});

test('whoami with the token answers the ServiceAccount and its groups; can-i answers no; other routes are a 403 saying kes has no RBAC for them yet', async (t) => {
  const api = await robotApi();
  t.teardown(api.close);
  const token = (await issue(api)).json().status.token as string;
  const me = await whoami(api, token);
  t.is(me.statusCode, 201, me.body);
  t.deepEqual(me.json().status.userInfo, { username: 'system:serviceaccount:default:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] });
  const canI = await as(api, token, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } });
  t.is(canI.statusCode, 201, canI.body);
  t.like(canI.json().status, { allowed: false });
  t.is((await as(api, token, 'GET', '/api')).statusCode, 200, 'discovery is open to it');
  const pods = await as(api, token, 'GET', '/api/v1/namespaces/default/pods');
  t.is(pods.statusCode, 403);
  t.regex(pods.json().message, /User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default": kes has no RBAC for service accounts yet/);
  const another = await as(api, token, 'POST', TOKEN_URL('robot'), { spec: {} });
  t.is(another.statusCode, 403, 'a service account cannot mint tokens');
  await api.settled();
  const recorded = JSON.stringify(await api.store.readAll(0, 100_000));
  t.true(recorded.includes('system:serviceaccount:default:robot'), 'the refusals are audited under the service account');
  t.false(recorded.includes(token), 'the token is not in the log');
  t.false(recorded.includes(token.split('.')[2]!), 'not even its signature');
});

test('an expired token, one for a deleted ServiceAccount, one for another of the same name, and a forged one are 401', async (t) => {
  const api = await robotApi();
  t.teardown(api.close);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const account = { namespace: 'default', name: 'robot', uid: api.uid };
  const expired = api.serviceAccountTokens.sign(serviceAccountClaims({ account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 600, nowSeconds: nowSeconds - 3600 }));
  t.is((await whoami(api, expired)).statusCode, 401);
  const otherAudience = (await issue(api, { audiences: ['vault'] })).json().status.token as string;
  t.is((await whoami(api, otherAudience)).statusCode, 401, 'a token for another audience is not for the API server');
  const token = (await issue(api)).json().status.token as string;
  const [header, payload] = token.split('.');
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url')}.${token.split('.')[2]}`;
  t.is((await whoami(api, forged)).statusCode, 401);
  t.is((await whoami(api, token)).statusCode, 201);
  t.is((await api.request('DELETE', '/api/v1/namespaces/default/serviceaccounts/robot')).statusCode, 200);
  const gone = await whoami(api, token);
  t.is(gone.statusCode, 401);
  t.regex(gone.json().message, /the bearer token is not valid/);
  t.is((await api.request('POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } })).statusCode, 201);
  t.is((await whoami(api, token)).statusCode, 401, 'a ServiceAccount made again under the name is another one');
  await api.settled();
  const recorded = JSON.stringify(await api.store.readAll(0, 100_000));
  t.true(recorded.includes('"code":401'), 'the refusals are audited');
  for (const refused of [expired, forged, token]) t.false(recorded.includes(refused.split('.')[2]!), 'no refused token is in the log');
});
