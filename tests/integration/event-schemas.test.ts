import test from 'ava';
import type { KesEventType } from '../../domain/events.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { apiHarness } from '../support/api-harness.js';
import { everyEventCluster } from '../support/every-event-cluster.js';
import { eventProblems, servedSchemas } from '../support/event-schemas.js';

/**
 * Every event type, named here rather than read from the generator: a type it leaves out fails the first test,
 * and a type added to KesEvent fails this file's compilation until it is named here.
 */
const EVERY_TYPE: Record<KesEventType, true> = {
  ClusterInitialized: true, BootstrapTokenCreated: true, BootstrapTokenDeleted: true, ComponentCredentialIssued: true, AdminTokenReplaced: true,
  NodeRegistered: true, NodeCredentialIssued: true, NodeLabelsChanged: true, NodeTaintsChanged: true, NodeCordoned: true,
  NodeUncordoned: true, NodeReadinessChanged: true, NodeDeleted: true, NodeReset: true,
  NamespaceCreated: true, NamespaceTerminating: true, NamespaceDeleted: true, LabelsChanged: true, AnnotationsChanged: true, ManagedFieldsChanged: true, ReconcileFailed: true,
  PodCreated: true, PodScheduled: true, PodUnschedulable: true, PodNominated: true, PodStatusReported: true, PodEvicted: true,
  PodDeletionRequested: true, PodDeleted: true, PodOrphaned: true, PodAdopted: true,
  ReplicaSetCreated: true, ReplicaSetScaled: true, ReplicaSetStatusReported: true, ReplicaSetDeleted: true,
  ReplicaSetOrphaned: true, ReplicaSetAdopted: true, ReplicaSetRevised: true, ReplicaSetMinReadySecondsChanged: true, DeploymentMinReadySecondsChanged: true,
  DeploymentCreated: true, DeploymentScaled: true, DeploymentTemplateChanged: true, DeploymentStrategyChanged: true,
  DeploymentPaused: true, DeploymentResumed: true, DeploymentStatusReported: true, DeploymentDeleted: true,
  ServiceCreated: true, ServicePortsChanged: true, ServiceSelectorChanged: true, ServiceDeleted: true,
  EndpointsUpdated: true, EndpointsDeleted: true, ConfigMapCreated: true, ConfigMapDataChanged: true, ConfigMapDeleted: true,
  SecretCreated: true, SecretDataChanged: true, SecretDeleted: true, ServiceAccountCreated: true, ServiceAccountDeleted: true,
  PriorityClassCreated: true, PriorityClassDescriptionChanged: true, PriorityClassGlobalDefaultChanged: true, PriorityClassDeleted: true, RangeConfigured: true, Allocated: true, Released: true,
  JobCreated: true, JobStatusReported: true, JobCompleted: true, JobFailed: true, JobSuspended: true, JobResumed: true, JobParallelismChanged: true, JobDeleted: true,
  RequestRefused: true, RefusalsDropped: true,
};

type Harness = Awaited<ReturnType<typeof apiHarness>>;
const getter = (api: Harness) => async (path: string) => {
  const response = await api.request('GET', path);
  if (response.statusCode !== 200) throw new Error(`GET ${path}: ${response.statusCode} ${response.body}`);
  return response.json();
};

/** The whole log as `GET /kes/v1/events` serves it to the admin, page by page. */
async function eventFeed(api: Harness): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = (await getter(api)(`/kes/v1/events?after=${events.at(-1)?.position ?? 0}`)) as { items: RecordedEvent[] };
    if (page.items.length === 0) return events;
    events.push(...page.items);
  }
}

test('GET /kes/v1/schemas lists a draft-07 schema for every event type, each served at its $id with a title and description', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const schemas = await servedSchemas(getter(api));
  t.is(schemas.list.kind, 'EventSchemaList');
  t.deepEqual(schemas.list.items.map((i) => i.type).sort(), Object.keys(EVERY_TYPE).sort());
  for (const item of schemas.list.items) {
    const schema = schemas.byType.get(item.type)!;
    t.like(schema, { $schema: 'http://json-schema.org/draft-07/schema#', $id: `/kes/v1/schemas/${item.type}`, title: item.type, type: 'object' });
    t.true(schema.description.length > 0, item.type);
    t.is(item.$id, schema.$id);
  }
  t.like(schemas.envelope, { $id: '/kes/v1/schemas/KesEvent', title: 'KesEvent', required: ['data', 'id', 'metadata', 'position', 'revision', 'stream', 'type'] });
  const named = schemas.byType.get('PodCreated')!;
  t.deepEqual(Object.keys(named.definitions as object).filter((name) => !/^\w+$/.test(name)), [], 'definitions have the names of their types');
});

test('GET /kes/v1/schemas/:type of a type kes does not record is a 404 Status naming it', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const response = await api.request('GET', '/kes/v1/schemas/PodExploded');
  t.is(response.statusCode, 404);
  t.like(response.json(), { kind: 'Status', reason: 'NotFound', code: 404, details: { name: 'PodExploded', kind: 'schemas' } });
  t.regex(response.json().message, /"PodExploded"/);
});

test('every event a cluster records validates: each item of the event feed against the envelope, its data against its type\'s schema', async (t) => {
  const api = await everyEventCluster();
  t.teardown(api.close);
  const problems = eventProblems(await servedSchemas(getter(api)));
  const events = await eventFeed(api);
  const failures = events.flatMap((e) => {
    const found = [problems.ofEnvelope(e), problems.ofData(e.type, e.data)].filter(Boolean);
    return found.length ? [`${e.position} ${e.type}: ${found.join('; ')} in ${JSON.stringify(e.data)}`] : [];
  });
  t.deepEqual(failures, []);
  const seen = new Set(events.map((e) => e.type));
  t.deepEqual(Object.keys(EVERY_TYPE).filter((type) => !seen.has(type)), [], 'the cluster recorded every type of event');
  const issued = events.find((e) => e.type === 'NodeCredentialIssued')!;
  t.is((issued.data as { credentialHash: string }).credentialHash, '<redacted>', 'redacted hashes are strings: they validate');
});

test('the schemas hold data to its type: a missing field, a field of the wrong type or one the type does not have fails', async (t) => {
  const api = await apiHarness();
  t.teardown(api.close);
  const problems = eventProblems(await servedSchemas(getter(api)));
  const scheduled = { namespace: 'default', name: 'web-1', nodeName: 'node-a' };
  t.is(problems.ofData('PodScheduled', scheduled), undefined);
  t.regex(problems.ofData('PodScheduled', { namespace: 'default', name: 'web-1' }) ?? '', /must have required property 'nodeName'/);
  t.regex(problems.ofData('PodScheduled', { ...scheduled, nodeName: 7 }) ?? '', /nodeName must be string/);
  t.regex(problems.ofData('PodScheduled', { ...scheduled, node: 'node-a' }) ?? '', /must NOT have additional properties/);
  t.regex(problems.ofData('NodeTaintsChanged', { name: 'n', taints: [{ key: 'k', effect: 'Sometimes' }] }) ?? '', /must be equal to one of the allowed values/);
});
