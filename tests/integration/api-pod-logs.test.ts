import test from 'ava';
import { ContainerLogsUnavailable } from '../../application/ports/container-runtime.js';
import { KubeletUnreachable, type ContainerLogsRequest, type KubeletAddress, type KubeletLogs } from '../../application/ports/kubelet-logs.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { apiHarness } from '../support/api-harness.js';
import { registration } from '../support/node-fixtures.js';
import { podMeta, podSpec } from '../support/world.js';

type Asked = { kubelet: KubeletAddress; request: ContainerLogsRequest };

/** A kubelet client that answers with `chunks`, or refuses with `failure`, and remembers what it was asked. */
function fakeKubeletLogs() {
  const asked: Asked[] = [];
  const state: { chunks: string[]; failure?: Error } = { chunks: ['line 1\n', 'line 2\n'] };
  const logs: KubeletLogs = {
    open: async (kubelet, request) => {
      asked.push({ kubelet, request });
      if (state.failure) throw state.failure;
      const chunks = state.chunks.map((chunk) => Buffer.from(chunk));
      return (async function* () {
        yield* chunks;
      })();
    },
  };
  return Object.assign(state, { asked, logs });
}

const LOG = (pod: string, query = '') => `/api/v1/namespaces/default/pods/${pod}/log${query}`;
const named = (name: string) => ({ ...podSpec().containers[0], name });

/** w1 (kubelet on 10.0.0.1:10250, joined with a credential) and w2 (kubelet on 10.0.0.2:10251); pods on each, one unbound. */
async function cluster() {
  const kubelet = fakeKubeletLogs();
  const api = await apiHarness({ kubeletLogs: kubelet.logs });
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  const token = (await api.request('POST', '/kes/v1/tokens', { ttlSeconds: 60 })).json().token as string;
  const joined = await api.request('POST', '/kes/v1/join', { node: nodeManifest(registration('w1', { kubeletPort: 10250 })) }, { authorization: `Bearer ${token}` });
  const w1 = { authorization: `Bearer ${joined.json().credential as string}` };
  await api.admin('RegisterNode', registration('w2', { kubeletPort: 10251, addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] }));
  await api.admin('RegisterNode', registration('sim', {}));
  await api.admin('CreatePod', { meta: podMeta('one'), spec: podSpec(100, { nodeName: 'w1' }) });
  await api.admin('CreatePod', { meta: podMeta('two'), spec: { ...podSpec(100, { nodeName: 'w2' }), containers: [named('web'), named('sidecar')] } });
  await api.admin('CreatePod', { meta: podMeta('pending'), spec: podSpec() });
  await api.admin('CreatePod', { meta: podMeta('simulated'), spec: podSpec(100, { nodeName: 'sim' }) });
  return { api, kubelet, w1 };
}

test('the logs come from the kubelet of the pod\'s node, at its InternalIP and registered port, as text', async (t) => {
  const { api, kubelet } = await cluster();
  t.teardown(api.close);
  const one = await api.request('GET', LOG('one'));
  t.is(one.statusCode, 200);
  t.is(one.body, 'line 1\nline 2\n');
  t.regex(String(one.headers['content-type']), /^text\/plain/);
  const two = await api.request('GET', LOG('two', '?container=sidecar&previous=true&tailLines=5&follow=true'));
  t.is(two.statusCode, 200);
  t.deepEqual(kubelet.asked, [
    { kubelet: { host: '10.0.0.1', port: 10250 }, request: { namespace: 'default', pod: 'one', container: 'app', previous: false, follow: false, timestamps: false } },
    { kubelet: { host: '10.0.0.2', port: 10251 }, request: { namespace: 'default', pod: 'two', container: 'sidecar', previous: true, follow: true, timestamps: false, tailLines: 5 } },
  ]);
  await api.request('GET', LOG('one', '?timestamps=true&sinceSeconds=3600&limitBytes=10'));
  await api.request('GET', LOG('one', '?sinceTime=2024-05-01T12:00:00Z'));
  t.deepEqual(kubelet.asked.slice(2).map((a) => a.request), [
    { namespace: 'default', pod: 'one', container: 'app', previous: false, follow: false, timestamps: true, sinceSeconds: 3600, limitBytes: 10 },
    { namespace: 'default', pod: 'one', container: 'app', previous: false, follow: false, timestamps: false, sinceTime: '2024-05-01T12:00:00Z' },
  ]);
});

test('the Node tells where its kubelet listens, as status.daemonEndpoints.kubeletEndpoint.Port', async (t) => {
  const { api } = await cluster();
  t.teardown(api.close);
  t.deepEqual((await api.request('GET', '/api/v1/nodes/w1')).json().status.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  t.is((await api.request('GET', '/api/v1/nodes/sim')).json().status.daemonEndpoints, undefined);
});

test('what cannot be read is refused before the kubelet is asked, in Kubernetes\' words', async (t) => {
  const { api, kubelet } = await cluster();
  t.teardown(api.close);
  const refusal = async (url: string) => {
    const response = await api.request('GET', url);
    return [response.statusCode, response.json().reason, response.json().message];
  };
  t.deepEqual(await refusal(LOG('nope')), [404, 'NotFound', 'pods "nope" not found']);
  t.deepEqual(await refusal(LOG('pending')), [400, 'BadRequest', 'pod pending does not have a host assigned']);
  t.deepEqual(await refusal(LOG('two')), [400, 'BadRequest', 'a container name must be specified for pod two, choose one of: [web sidecar]']);
  t.deepEqual(await refusal(LOG('one', '?container=db')), [400, 'BadRequest', 'container db is not valid for pod one']);
  t.deepEqual(await refusal(LOG('one', '?tailLines=x')), [400, 'BadRequest', 'tailLines must be a whole number, not "x" (strconv.ParseInt: parsing "x": invalid syntax)']);
  t.deepEqual(await refusal(LOG('one', '?sinceTime=yesterday')), [400, 'BadRequest', 'sinceTime must be an RFC3339 time such as 2024-05-01T12:00:00Z, not "yesterday"']);
  t.deepEqual(await refusal(LOG('one', '?tailLines=-1')), [422, 'Invalid', 'PodLogOptions "one" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0']);
  t.deepEqual(await refusal(LOG('one', '?limitBytes=0')), [422, 'Invalid', 'PodLogOptions "one" is invalid: limitBytes: Invalid value: 0: must be greater than 0']);
  t.deepEqual(await refusal(LOG('one', '?sinceSeconds=0')), [422, 'Invalid', 'PodLogOptions "one" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0']);
  t.deepEqual(await refusal(LOG('one', '?sinceSeconds=5&sinceTime=2024-05-01T12:00:00Z')), [422, 'Invalid', 'PodLogOptions "one" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified']);
  const [code, , message] = await refusal(LOG('simulated'));
  t.is(code, 400);
  t.regex(message, /node "sim" of pod simulated does not say where its kubelet listens/);
  t.deepEqual(kubelet.asked, []);
});

test('the kubelet\'s refusals become Statuses: 400 for a container not started or no previous run, 404 for an unknown pod, 500 when unreachable', async (t) => {
  const { api, kubelet } = await cluster();
  t.teardown(api.close);
  const refusal = async (failure: Error) => {
    kubelet.failure = failure;
    const response = await api.request('GET', LOG('one'));
    return [response.statusCode, response.json().reason, response.json().message];
  };
  const waiting = 'container "app" in pod "one" is waiting to start: ContainerCreating';
  t.deepEqual(await refusal(new ContainerLogsUnavailable('ContainerNotStarted', waiting)), [400, 'BadRequest', waiting]);
  const previous = 'previous terminated container "app" in pod "one" not found';
  t.deepEqual(await refusal(new ContainerLogsUnavailable('PreviousNotFound', previous)), [400, 'BadRequest', previous]);
  t.deepEqual(await refusal(new ContainerLogsUnavailable('PodNotFound', 'pod default.one is not running on this node')), [404, 'NotFound', 'pod default.one is not running on this node']);
  const unreachable = 'Get "https://10.0.0.1:10250/containerLogs/default/one/app": connect ECONNREFUSED 10.0.0.1:10250';
  t.deepEqual(await refusal(new KubeletUnreachable(unreachable)), [500, 'InternalError', unreachable]);
});

test('a node reads the logs of pods bound to it only (NodeRestriction)', async (t) => {
  const { api, w1 } = await cluster();
  t.teardown(api.close);
  const own = await api.request('GET', LOG('one'), undefined, w1);
  t.is(own.statusCode, 200);
  t.is(own.body, 'line 1\nline 2\n');
  for (const pod of ['two', 'pending', 'nope']) {
    const other = await api.request('GET', LOG(pod, '?container=web'), undefined, w1);
    t.is(other.statusCode, 403, pod);
    t.is(other.json().message, `pods "${pod}" is forbidden: User "system:node:w1" cannot get resource "pods/log" in API group "" in the namespace "default": no relationship found between node 'w1' and this object`);
  }
});

test('without a kubelet client the API server says it cannot read logs', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  await api.admin('RegisterNode', registration('w1', { kubeletPort: 10250 }));
  await api.admin('CreatePod', { meta: podMeta('one'), spec: podSpec(100, { nodeName: 'w1' }) });
  const response = await api.request('GET', LOG('one'));
  t.is(response.statusCode, 500);
  t.regex(response.json().message, /no kubelet client certificate/);
});
