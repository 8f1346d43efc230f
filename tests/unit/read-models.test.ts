import test from 'ava';
import { ReadModels } from '../../application/projections/read-models.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { registration } from '../support/node-fixtures.js';

let position = 0;
const recorded = (type: string, data: object, stream = 'node-w1'): RecordedEvent => ({
  type, data, stream, revision: 0, position: ++position, id: `e-${position}`,
  metadata: { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', at: '2026-11-27T10:00:00.000Z', schemaVersion: 1 },
});

test('given node events, the node view follows them; uid stays, resourceVersion is the last position', (t) => {
  const models = new ReadModels();
  const registered = recorded('NodeRegistered', registration('w1'));
  const cordoned = recorded('NodeCordoned', { name: 'w1' });
  [registered, cordoned].forEach((e) => models.apply(e));
  t.like(models.nodes.get('w1'), { uid: registered.id, resourceVersion: cordoned.position, unschedulable: true });
});

test('applying an event twice (or an older one) changes nothing', (t) => {
  const models = new ReadModels();
  const registered = recorded('NodeRegistered', registration('w1'));
  const labelled = recorded('NodeLabelsChanged', { name: 'w1', set: { a: 'b' }, removed: ['kubernetes.io/hostname'] });
  t.true(models.apply(registered));
  t.true(models.apply(labelled));
  t.false(models.apply(labelled));
  t.false(models.apply(registered));
  t.deepEqual(models.nodes.get('w1')!.labels, { a: 'b' });
  t.is(models.position, labelled.position);
});

test('a deleted node leaves the view and reports DELETED; a re-registered one gets a new uid', (t) => {
  const models = new ReadModels();
  const changes: string[] = [];
  models.changes.subscribe((c) => changes.push(c.type));
  models.apply(recorded('NodeRegistered', registration('w1')));
  models.apply(recorded('NodeDeleted', { name: 'w1' }));
  t.false(models.nodes.has('w1'));
  const again = recorded('NodeRegistered', registration('w1'));
  models.apply(again);
  t.is(models.nodes.get('w1')!.uid, again.id);
  t.deepEqual(changes, ['ADDED', 'DELETED', 'ADDED']);
});

test('cluster events build the cluster view with its tokens', (t) => {
  const models = new ReadModels();
  models.apply(recorded('ClusterInitialized', { clusterName: 'kes', apiEndpoint: 'x', adminTokenHash: 'h', kubernetesVersion: 'v' }, 'cluster'));
  models.apply(recorded('BootstrapTokenCreated', { tokenId: 'abcdef', secretHash: 's', expiresAt: 'z', description: '', usages: [] }, 'cluster'));
  t.is(models.cluster.status, 'initialized');
  if (models.cluster.status === 'initialized') t.truthy(models.cluster.tokens.abcdef);
});

test('label changes fold into the node labels; an event recorded with the whole map (before kes kept only the change) gives that map', (t) => {
  const models = new ReadModels();
  models.apply(recorded('NodeRegistered', registration('w1', { labels: { zone: 'a', disk: 'hdd' } })));
  models.apply(recorded('NodeLabelsChanged', { name: 'w1', set: { disk: 'ssd', gpu: 'a100' }, removed: ['zone'] }));
  t.deepEqual(models.nodes.get('w1')!.labels, { disk: 'ssd', gpu: 'a100' });
  models.apply(recorded('NodeLabelsChanged', { name: 'w1', labels: { gpu: 'h100' }, set: { gpu: 'h100' }, removed: [] }));
  t.deepEqual(models.nodes.get('w1')!.labels, { gpu: 'h100' });
});

const continuing = (event: RecordedEvent): RecordedEvent => ({ ...event, metadata: { ...event.metadata, appendContinues: true } });

test('the events of one append are one change of their object: ADDED for a create, at the last event, with the state after them all', (t) => {
  const models = new ReadModels({ recentChanges: 10 });
  const changes: [string, number, boolean][] = [];
  models.changes.subscribe((c) => changes.push([c.type, c.event.position, c.type === 'DELETED' ? false : (c.view as { unschedulable: boolean }).unschedulable]));
  const registered = continuing(recorded('NodeRegistered', registration('w1')));
  const cordoned = recorded('NodeCordoned', { name: 'w1' });
  models.apply(registered);
  t.deepEqual(changes, [], 'nothing goes out while the write goes on');
  t.true(models.midWrite);
  models.apply(cordoned);
  t.false(models.midWrite);
  t.deepEqual(changes, [['ADDED', cordoned.position, true]]);
  t.deepEqual([...models.recentChanges.after(0)].map((c) => [c.type, c.event.position, c.before]), [['ADDED', cordoned.position, undefined]]);
  const uncordoned = continuing(recorded('NodeUncordoned', { name: 'w1' }));
  const labelled = recorded('NodeLabelsChanged', { name: 'w1', set: { a: 'b' }, removed: [] });
  models.apply(uncordoned);
  models.apply(labelled);
  t.deepEqual(changes.slice(1), [['MODIFIED', labelled.position, false]]);
  t.is([...models.recentChanges.after(cordoned.position)][0].before, [...models.recentChanges.after(0)][0].view, 'before is the view before the whole write');
});

test('an append whose last event changes no view still ends its write: the change goes out at that event', (t) => {
  const models = new ReadModels();
  const changes: [string, number][] = [];
  models.changes.subscribe((c) => changes.push([c.type, c.event.position]));
  models.apply(continuing(recorded('NodeRegistered', registration('w2'), 'node-w2')));
  const last = recorded('ClusterInitialized', { clusterName: 'kes', apiEndpoint: 'x', adminTokenHash: 'h', kubernetesVersion: 'v' }, 'node-w2');
  models.apply(last);
  t.deepEqual(changes, [['ADDED', last.position]]);
});

test('events of other appends and streams are not held back by a write that goes on elsewhere', (t) => {
  const models = new ReadModels();
  const changes: [string, string][] = [];
  models.changes.subscribe((c) => changes.push([c.key, c.type]));
  models.apply(continuing(recorded('NodeRegistered', registration('w3'), 'node-w3')));
  models.apply(recorded('NodeRegistered', registration('w4'), 'node-w4'));
  t.deepEqual(changes, [['w4', 'ADDED']]);
  models.apply(recorded('NodeCordoned', { name: 'w3' }, 'node-w3'));
  t.deepEqual(changes, [['w4', 'ADDED'], ['w3', 'ADDED']]);
});
