import test from 'ava';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A cluster with a control-plane node "master" (registered in process, as kesadm init does) and a bootstrap token. */
async function cluster() {
  const api = await apiHarness();
  await api.admin('RegisterNode', registration('master', { role: 'control-plane' }));
  const token = (await api.request('POST', '/kes/v1/tokens', { ttlSeconds: 60 })).json().token as string;
  const join = (name: string) => api.request('POST', '/kes/v1/join', { node: nodeManifest(registration(name)) }, bearer(token));
  const credentialOf = async (name: string) => (await join(name)).json().credential as string;
  return { api, join, credentialOf };
}

/** What a node's credential can still do: read its Node and renew its lease. */
async function worksFor(api: Awaited<ReturnType<typeof cluster>>['api'], name: string, credential: string) {
  const read = await api.request('GET', `/api/v1/nodes/${name}`, undefined, bearer(credential));
  const renewed = await api.request('PUT', `${LEASES}/${name}`, {}, bearer(credential));
  return [read.statusCode, renewed.statusCode];
}

test('a second join under a worker’s name is refused with 409 AlreadyExists; the worker keeps its credential and stays Ready', async (t) => {
  const { api, join, credentialOf } = await cluster();
  t.teardown(api.close);
  const original = await credentialOf('w1');
  const head = await api.clusterHead();

  const again = await join('w1');
  t.is(again.statusCode, 409);
  t.like(again.json(), { kind: 'Status', reason: 'AlreadyExists', code: 409, details: { name: 'w1', kind: 'nodes' } });
  t.regex(again.json().message, /node "w1" is already registered in the cluster: .*kesctl delete node w1.* kesadm reset/);
  t.is(await api.clusterHead(), head, 'nothing appended: no new credential');

  t.deepEqual(await worksFor(api, 'w1', original), [200, 200]);
  t.is(api.models.nodes.get('w1')?.readiness.status, 'True');
});

test('the control-plane node’s name cannot be joined: 409, saying why; no credential is issued for it', async (t) => {
  const { api, join } = await cluster();
  t.teardown(api.close);
  const head = await api.clusterHead();

  const over = await join('master');
  t.is(over.statusCode, 409);
  t.like(over.json(), { reason: 'AlreadyExists', details: { name: 'master', kind: 'nodes' } });
  t.regex(over.json().message, /node "master" is the cluster's control-plane node/);
  t.is(await api.clusterHead(), head);
  t.false(api.models.nodeCredentials.has('master'));
  t.is(api.models.nodes.get('master')?.readiness.status, 'True');
});

test('after the node is deleted its name can be joined again: the new credential works, the old one no longer does', async (t) => {
  const { api, join, credentialOf } = await cluster();
  t.teardown(api.close);
  const old = await credentialOf('w1');
  t.is((await api.request('DELETE', '/api/v1/nodes/w1')).statusCode, 200);

  const rejoined = await join('w1');
  t.is(rejoined.statusCode, 200);
  const fresh = rejoined.json().credential as string;
  t.deepEqual(await worksFor(api, 'w1', fresh), [200, 200]);
  t.deepEqual(await worksFor(api, 'w1', old), [401, 401]);
  t.is(api.models.nodes.get('w1')?.readiness.status, 'True');
});

test('after kesadm reset (ResetNode by the node itself) the name can be joined again', async (t) => {
  const { api, join, credentialOf } = await cluster();
  t.teardown(api.close);
  const old = await credentialOf('w1');
  const reset = await api.request('POST', '/kes/v1/commands', { type: 'ResetNode', data: { name: 'w1' } }, bearer(old));
  t.is(reset.statusCode, 200);

  const rejoined = await join('w1');
  t.is(rejoined.statusCode, 200);
  t.deepEqual(await worksFor(api, 'w1', rejoined.json().credential), [200, 200]);
  t.deepEqual(await worksFor(api, 'w1', old), [401, 401]);
  t.is(api.models.nodes.get('w1')?.readiness.status, 'True');
});

test('a node credential is bound to the node it was issued for, dotted names included', async (t) => {
  const { api, credentialOf } = await cluster();
  t.teardown(api.close);
  const [w1, w2, dotted] = [await credentialOf('w1'), await credentialOf('w2'), await credentialOf('w1.lab')];
  const secretOf = (credential: string) => credential.slice(credential.lastIndexOf('.') + 1);
  const status = async (token: string) => (await api.request('GET', '/api/v1/nodes', undefined, bearer(token))).statusCode;

  t.is(await status(w2), 200);
  t.is(await status(`kesnode.w2.${secretOf(w1)}`), 401, 'w1’s secret under w2’s name');
  t.is(await status(`kesnode.w1.lab.${secretOf(w1)}`), 401, 'w1’s secret under the dotted name that extends it');
  t.is(await status(`kesnode.w1.${secretOf(dotted)}`), 401, 'the dotted node’s secret under the shorter name');
  t.is(await status(`kesnode.w1.lab`), 401, 'no secret');
  t.is(await status('kesnode.'), 401);

  t.deepEqual(await worksFor(api, 'w1.lab', dotted), [200, 200]);
  t.is((await api.request('PUT', `${LEASES}/w1`, {}, bearer(dotted))).statusCode, 403, 'w1.lab acts as itself, not as w1');
});

test('a join whose machine never started its kubelet can be run again once the node is NotReady: the retry gets a working credential, the lost one is revoked', async (t) => {
  const { api, join, credentialOf } = await cluster();
  t.teardown(api.close);
  const lost = await credentialOf('w1'); // the server registered w1; the machine died before keeping this credential
  t.is((await join('w1')).statusCode, 409, 'refused while the node is still Ready');
  // The node lifecycle controller marks it Unknown when no kubelet reports (here at once, as the controller would).
  await api.admin('ReportNodeReadiness', { name: 'w1', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });

  const retried = await join('w1');
  t.is(retried.statusCode, 200);
  t.deepEqual(await worksFor(api, 'w1', retried.json().credential), [200, 200]);
  t.deepEqual(await worksFor(api, 'w1', lost), [401, 401]);
});
