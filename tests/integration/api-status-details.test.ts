import test from 'ava';
import { overLoopback } from '../support/loopback-http.js';
import { ADMIN_TOKEN } from '../support/api-harness.js';
import { deploymentManifest, podManifest, workloadApi } from '../support/workload-api.js';

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PODS = '/api/v1/namespaces/shop/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';

/** Every failure kes answers over HTTP, with the details kube-apiserver gives for it. */
test('every error Status carries details naming the group, resource or kind, and object, as kube-apiserver does', async (t) => {
  const api = await workloadApi('shop');
  const http = await overLoopback(api.app);
  t.teardown(async () => {
    http.close();
    await api.close();
  });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => http.send(method, path, { ...ADMIN, ...headers }, body);
  t.is((await send('POST', PODS, podManifest('web'))).status, 201);
  t.is((await send('POST', DEPLOYMENTS, deploymentManifest('api'))).status, 201);

  const missingPod = await send('GET', `${PODS}/nope`);
  t.like(missingPod.json(), { code: 404, reason: 'NotFound', details: { name: 'nope', kind: 'pods' } });
  const missingDeployment = await send('DELETE', `${DEPLOYMENTS}/nope`);
  t.like(missingDeployment.json(), { code: 404, details: { name: 'nope', group: 'apps', kind: 'deployments' } });
  const missingScale = await send('GET', `${DEPLOYMENTS}/nope/scale`);
  t.like(missingScale.json(), { code: 404, details: { name: 'nope', group: 'apps', kind: 'deployments' } });

  const exists = await send('POST', PODS, podManifest('web'));
  t.like(exists.json(), { code: 409, reason: 'AlreadyExists', details: { name: 'web', kind: 'pods' } });
  const existsApps = await send('POST', DEPLOYMENTS, deploymentManifest('api'));
  t.like(existsApps.json(), { code: 409, reason: 'AlreadyExists', details: { name: 'api', group: 'apps', kind: 'deployments' } });

  const stale = await send('PATCH', `${DEPLOYMENTS}/api`, { metadata: { resourceVersion: '1' }, spec: { replicas: 5 } }, { 'content-type': 'application/merge-patch+json' });
  t.like(stale.json(), { code: 409, reason: 'Conflict', details: { name: 'api', group: 'apps', kind: 'deployments' } });
  const precondition = await send('DELETE', `${PODS}/web`, { preconditions: { uid: 'not-the-uid' } });
  t.like(precondition.json(), { code: 409, reason: 'Conflict', details: { name: 'web', kind: 'pods' } });

  const invalid = await send('POST', DEPLOYMENTS, { ...deploymentManifest('bad'), spec: { ...deploymentManifest('bad').spec, replicas: -1 } });
  t.like(invalid.json(), { code: 422, reason: 'Invalid', details: { name: 'bad', group: 'apps', kind: 'Deployment' } });
  const badLabel = await send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } });
  t.like(badLabel.json(), { code: 422, reason: 'Invalid', details: { name: 'Bad_Name', kind: 'Namespace' } });

  const badRequest = await send('DELETE', `${PODS}/web?gracePeriodSeconds=soon`);
  t.like(badRequest.json(), { code: 400, reason: 'BadRequest', details: { name: 'web', kind: 'pods' } });
  const readOnly = await send('DELETE', '/api/v1/namespaces/shop/endpoints/web');
  t.like(readOnly.json(), { code: 405, reason: 'MethodNotAllowed', details: { name: 'web', kind: 'endpoints' } });

  // kubectl debug reads details.name of a 404 without checking details are there, and says ephemeral containers are
  // disabled when the name is empty; a path no route serves has empty details.
  const debug = await send('PATCH', `${PODS}/web/ephemeralcontainers`, { spec: {} }, { 'content-type': 'application/strategic-merge-patch+json' });
  t.is(debug.status, 404);
  t.like(debug.json().details, { kind: 'pods/ephemeralcontainers' });
  t.is(debug.json().details.name, undefined);
  const unserved = await send('GET', `${PODS}/web/nothing`);
  t.is(unserved.status, 404);
  t.deepEqual(unserved.json().details, {});
  const unauthorized = await http.send('GET', PODS);
  t.like(unauthorized.json(), { code: 401, details: { kind: 'pods' } });
});
