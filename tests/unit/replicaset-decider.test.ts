import test from 'ava';
import type { PodTemplate } from '../../domain/pod/pod-spec.js';
import { replicaSetDecider, type CreateReplicaSet, type ReplicaSetCommand } from '../../domain/replicaset/replicaset.decide.js';
import { evolveReplicaSet, initialReplicaSetState, replicaSetStream, type ReplicaSetEvent } from '../../domain/replicaset/replicaset.js';
import { toLabelSelector, toSelector } from '../../domain/replicaset/workload-spec.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(replicaSetDecider);
const cmd = <C extends ReplicaSetCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const template: PodTemplate = {
  labels: { app: 'web', tier: 'front' },
  annotations: {},
  spec: {
    containers: [{ name: 'web', image: 'nginx:1.27', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 2 ** 26 } }, volumeMounts: [] }],
    volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30,
  },
};
const objectMeta = { name: 'web-5d59d67564', namespace: 'default', uid: 'uid-1', labels: { app: 'web' }, annotations: {}, ownerReferences: [] };
const create = (overrides: Partial<CreateReplicaSet['data']> = {}): CreateReplicaSet['data'] =>
  ({ meta: objectMeta, replicas: 3, selector: toSelector({ matchLabels: { app: 'web' } }), template, ...overrides });
const key = { namespace: 'default', name: 'web-5d59d67564' };
const created = { type: 'ReplicaSetCreated' as const, data: { ...create(), meta: { ...objectMeta, creationTimestamp: AT } } };
const status = { ...key, replicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 };

test('a ReplicaSet is created; its creation time is the command time', (t) => {
  spec(t).given([]).when(cmd('CreateReplicaSet', create())).then([created]);
  t.is(replicaSetStream('default', 'web-5d59d67564'), 'replicaset-default.web-5d59d67564');
});

test('matchLabels become In requirements next to matchExpressions, and read back as matchLabels', (t) => {
  const selector = toSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
  t.deepEqual(selector, [{ key: 'app', operator: 'In', values: ['web'] }, { key: 'tier', operator: 'NotIn', values: ['db'] }]);
  t.deepEqual(toLabelSelector(selector), { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
});

test('negative or fractional replicas are refused, naming spec.replicas', (t) => {
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ replicas: -1 }))).thenThrows('Invalid', /spec.replicas: .*greater than or equal to 0/);
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ replicas: 1.5 }))).thenThrows('Invalid', /spec.replicas: .*integer/);
});

test('an empty selector is refused', (t) => {
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ selector: [] }))).thenThrows('Invalid', /spec.selector: Required value/);
});

test('a selector that does not match the template labels is refused with the Kubernetes message', (t) => {
  const selector = toSelector({ matchLabels: { app: 'api' } });
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ selector })))
    .thenThrows('Invalid', /^ReplicaSet.apps "web-5d59d67564" is invalid: spec.template.metadata.labels: .*`selector` does not match template `labels`/);
});

test('a selector requirement without values, a bad name and a non-Always restart policy are each named', (t) => {
  const selector = [{ key: 'app', operator: 'In' as const, values: [] }];
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ selector }))).thenThrows('Invalid', /spec.selector: values for "app" must be specified/);
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ meta: { ...objectMeta, name: 'Web_1' } }))).thenThrows('Invalid', /metadata.name/);
  const never = { ...template, spec: { ...template.spec, restartPolicy: 'Never' as const } };
  spec(t).given([]).when(cmd('CreateReplicaSet', create({ template: never })))
    .thenThrows('Invalid', /spec.template.spec.restartPolicy: Unsupported value: "Never"/);
});

test('a ReplicaSet exists once; after deletion the name can be used again', (t) => {
  const deleted = { type: 'ReplicaSetDeleted' as const, data: key };
  spec(t).given([created]).when(cmd('CreateReplicaSet', create())).thenThrows('AlreadyExists', /replicasets.apps "web-5d59d67564" already exists/);
  spec(t).given([created, deleted]).when(cmd('CreateReplicaSet', create())).then([created]);
});

test('scaling records the new count; the same count appends nothing', (t) => {
  spec(t).given([created]).when(cmd('ScaleReplicaSet', { ...key, replicas: 5 })).then([{ type: 'ReplicaSetScaled', data: { ...key, replicas: 5 } }]);
  spec(t).given([created]).when(cmd('ScaleReplicaSet', { ...key, replicas: 3 })).then([]);
  spec(t).given([created]).when(cmd('ScaleReplicaSet', { ...key, replicas: -2 })).thenThrows('Invalid', /spec.replicas/);
  spec(t).given([]).when(cmd('ScaleReplicaSet', { ...key, replicas: 1 })).thenThrows('NotFound', /replicasets.apps "web-5d59d67564" not found/);
});

test('status is recorded only when it changes, and must be consistent', (t) => {
  const reported = { type: 'ReplicaSetStatusReported' as const, data: status };
  spec(t).given([created]).when(cmd('ReportReplicaSetStatus', status)).then([reported]);
  spec(t).given([created, reported]).when(cmd('ReportReplicaSetStatus', status)).then([]);
  spec(t).given([created]).when(cmd('ReportReplicaSetStatus', { ...status, readyReplicas: 4 }))
    .thenThrows('Invalid', /status.readyReplicas: cannot be greater than status.replicas/);
});

test('generation counts spec changes; status does not bump it', (t) => {
  const events: NewEvent<ReplicaSetEvent>[] = [
    created,
    { type: 'ReplicaSetScaled', data: { ...key, replicas: 5 } },
    { type: 'ReplicaSetStatusReported', data: status },
    { type: 'ReplicaSetScaled', data: { ...key, replicas: 1 } },
  ];
  const state = events.map((e) => ({ ...e, metadata: { ...meta(), correlationId: 'c', causationId: 'c', schemaVersion: 1 } }) as ReplicaSetEvent)
    .reduce(evolveReplicaSet, initialReplicaSetState());
  if (state.status !== 'active') return t.fail('expected an active ReplicaSet');
  t.is(state.replicaSet.generation, 3);
  t.is(state.replicaSet.spec.replicas, 1);
  t.deepEqual(state.replicaSet.status, { replicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
});

test('a ReplicaSet is deleted once', (t) => {
  const deleted = { type: 'ReplicaSetDeleted' as const, data: key };
  spec(t).given([created]).when(cmd('DeleteReplicaSet', key)).then([deleted]);
  spec(t).given([created, deleted]).when(cmd('DeleteReplicaSet', key)).thenThrows('NotFound');
  spec(t).given([created, deleted]).when(cmd('ScaleReplicaSet', { ...key, replicas: 1 })).thenThrows('NotFound');
});

test('orphaning drops the reference to that owner once; another owner, or none, appends nothing', (t) => {
  const ownerReferences = [{ kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }];
  const owned = { ...created, data: { ...created.data, meta: { ...created.data.meta, ownerReferences } } };
  const orphaned = { type: 'ReplicaSetOrphaned' as const, data: { ...key, ownerUid: 'uid-web' } };
  spec(t).given([owned]).when(cmd('OrphanReplicaSet', { ...key, ownerUid: 'uid-web' })).then([orphaned]);
  spec(t).given([owned, orphaned]).when(cmd('OrphanReplicaSet', { ...key, ownerUid: 'uid-web' })).then([]);
  spec(t).given([owned]).when(cmd('OrphanReplicaSet', { ...key, ownerUid: 'uid-other' })).then([]);
});

test('revising gives the ReplicaSet its Deployment\'s revision once; a revision below 1 is refused', (t) => {
  const revised = { type: 'ReplicaSetRevised' as const, data: { ...key, revision: 3 } };
  spec(t).given([created]).when(cmd('ReviseReplicaSet', { ...key, revision: 3 })).then([revised]);
  spec(t).given([created, revised]).when(cmd('ReviseReplicaSet', { ...key, revision: 3 })).then([]);
  spec(t).given([created]).when(cmd('ReviseReplicaSet', { ...key, revision: 0 })).thenThrows('Invalid');
});

test('a ReplicaSet without a controller is adopted by a Deployment once; one another Deployment controls is refused', (t) => {
  const owner = { kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true };
  const adopted = { type: 'ReplicaSetAdopted' as const, data: { ...key, owner } };
  spec(t).given([created]).when(cmd('AdoptReplicaSet', { ...key, owner })).then([adopted]);
  spec(t).given([created, adopted]).when(cmd('AdoptReplicaSet', { ...key, owner })).then([]);
  spec(t).given([created, adopted]).when(cmd('AdoptReplicaSet', { ...key, owner: { ...owner, name: 'api', uid: 'uid-api' } }))
    .thenThrows('Conflict', /replicasets.apps "web-5d59d67564" is controlled by Deployment "web", not Deployment "api"/);
  spec(t).given([]).when(cmd('AdoptReplicaSet', { ...key, owner })).thenThrows('NotFound', /not found/);
});

test('a ReplicaSet\'s minReadySeconds changes by its own command (its Deployment\'s controller sends it); the same value changes nothing', (t) => {
  const rsKey = { namespace: created.data.meta.namespace, name: created.data.meta.name };
  const change = (minReadySeconds: number) => cmd('ChangeReplicaSetMinReadySeconds', { ...rsKey, minReadySeconds });
  spec(t).given([created]).when(change(5)).then([{ type: 'ReplicaSetMinReadySecondsChanged', data: { ...rsKey, minReadySeconds: 5 } }]);
  spec(t).given([created, { type: 'ReplicaSetMinReadySecondsChanged', data: { ...rsKey, minReadySeconds: 5 } }]).when(change(5)).then([]);
  spec(t).given([created]).when(change(-3)).thenThrows('Invalid', /spec.minReadySeconds/);
});
