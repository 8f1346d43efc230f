import test from 'ava';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { twoNodes } from '../support/two-nodes.js';

type Step = { type: string; object: string; actor: string; commandId: string; causationId: string; afterMs?: number; summary: string; steps: Step[] };
type Trace = { kind: string; chains: { correlationId: string; steps: Step[] }[] };

const statusOf = (nodeName: string) => ({ namespace: 'default', name: 'app', nodeName, phase: 'Running', conditions: [], containerStatuses: [] });
const lastOf = (events: readonly RecordedEvent[]) => events.at(-1)!;

test('a node\'s command over HTTP keeps the chain it names, and is recorded as the node whatever the request says of its actor', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const created = lastOf(await api.store.readStream('pod-default.app'));
  const response = await api.request(
    'POST', '/kes/v1/commands',
    { type: 'ReportPodStatus', data: statusOf('node-a'), metadata: { actor: 'system:kes-scheduler', correlationId: 'forged' }, actor: 'kubernetes-admin' },
    { authorization: identities['node-a'], 'kes-correlation-id': created.metadata.correlationId, 'kes-causation-id': created.id, 'kes-actor': 'kubernetes-admin', 'impersonate-user': 'kubernetes-admin' },
  );
  t.is(response.statusCode, 200, response.body);
  const reported = lastOf(await api.store.readStream('pod-default.app'));
  t.is(reported.type, 'PodStatusReported');
  t.like(reported.metadata, { actor: 'system:node:node-a', correlationId: created.metadata.correlationId, causationId: created.id });
});

test('a chain header that is not an id is left out: the command starts a chain of its own', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const response = await api.request('POST', '/kes/v1/commands', { type: 'ReportPodStatus', data: statusOf('node-a') },
    { authorization: identities['node-a'], 'kes-correlation-id': 'not an id; drop table', 'kes-causation-id': 'x'.repeat(5000) });
  t.is(response.statusCode, 200, response.body);
  const { metadata } = lastOf(await api.store.readStream('pod-default.app'));
  t.is(metadata.correlationId, metadata.commandId);
  t.is(metadata.causationId, metadata.commandId);
});

test('the trace of a pod, of its chain and of a command: the pod\'s creation with the report it caused under it; bad asks are 400 and 404', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const created = lastOf(await api.store.readStream('pod-default.app'));
  await api.request('POST', '/kes/v1/commands', { type: 'ReportPodStatus', data: statusOf('node-a') },
    { authorization: identities['node-a'], 'kes-correlation-id': created.metadata.correlationId, 'kes-causation-id': created.id });

  const ofPod = (await api.request('GET', '/kes/v1/trace/namespaces/default/po/app')).json() as Trace;
  t.is(ofPod.kind, 'Trace');
  const [chain] = ofPod.chains;
  t.is(chain.correlationId, created.metadata.correlationId);
  t.is(chain.steps[0].type, 'PodCreated');
  t.is(chain.steps[0].object, 'Pod default/app');
  t.like(chain.steps[0].steps[0], { type: 'PodStatusReported', actor: 'system:node:node-a', causationId: created.id });
  t.true(chain.steps[0].steps[0].afterMs! >= 0);

  const ofChain = (await api.request('GET', `/kes/v1/trace?correlation=${created.metadata.correlationId}`, undefined, { authorization: identities['node-b'] })).json() as Trace;
  t.deepEqual(ofChain.chains.map((c) => c.steps.map((s) => s.type)), [['PodCreated']], 'a node reads traces as it reads the event feed');
  const report = chain.steps[0].steps[0];
  const ofCommand = (await api.request('GET', `/kes/v1/trace?command=${report.commandId}`)).json() as Trace;
  t.deepEqual(ofCommand.chains.map((c) => c.steps.map((s) => s.type)), [['PodStatusReported']]);

  t.is((await api.request('GET', '/kes/v1/trace')).statusCode, 400);
  t.is((await api.request('GET', '/kes/v1/trace?command=a&correlation=b')).statusCode, 400);
  t.is((await api.request('GET', '/kes/v1/trace?command=00000000-0000-4000-8000-000000000000')).statusCode, 404);
  t.is((await api.request('GET', '/kes/v1/trace/namespaces/default/pods/nothing')).statusCode, 404);
  t.is((await api.request('GET', '/kes/v1/trace/pods/app')).statusCode, 404);
  t.is((await api.request('GET', '/kes/v1/trace/nodes/node-a')).statusCode, 200);
});

test('a trace never shows the hashes of credentials, and a node sees a Secret its pods do not use without its data', async (t) => {
  const { api, identities } = await twoNodes();
  t.teardown(api.close);
  const joined = (await api.store.readStream('node-node-a')).find((e) => e.type === 'NodeCredentialIssued' || JSON.stringify(e.data).includes('credentialHash'));
  t.truthy(joined, 'the join recorded a credential hash');
  const hash = (joined!.data as { credentialHash: string }).credentialHash;
  const trace = await api.request('GET', '/kes/v1/trace/nodes/node-a');
  t.is(trace.statusCode, 200);
  t.false(trace.body.includes(hash));
  const secret = lastOf(await api.store.readStream('secret-default.unrelated'));
  const asNodeB = await api.request('GET', `/kes/v1/trace?correlation=${secret.metadata.correlationId}`, undefined, { authorization: identities['node-b'] });
  const asAdmin = await api.request('GET', `/kes/v1/trace?correlation=${secret.metadata.correlationId}`);
  t.is(asNodeB.statusCode, 200);
  t.false(asNodeB.body.includes('"key"'), `node-b sees no key of the Secret: ${asNodeB.body.slice(0, 400)}`);
  t.regex((asAdmin.json() as Trace).chains[0].steps[0].summary, /\bkey\b/, 'the admin sees which keys it has');
});
