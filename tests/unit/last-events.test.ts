import test from 'ava';
import { LastEvents } from '../../application/projections/last-events.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

let position = 0;
const recorded = (type: string, stream: string, correlationId = 'root'): RecordedEvent => ({
  type, data: {}, stream, revision: 0, position: ++position, id: `e-${position}`,
  metadata: { actor: 'a', commandId: `c-${position}`, correlationId, causationId: 'x', at: '2026-12-06T10:00:00.000Z', schemaVersion: 1 },
});

test('each stream\'s last event is kept as the cause of what is done about it, with its correlation', (t) => {
  const last = new LastEvents();
  const [created, scaled] = [recorded('DeploymentCreated', 'deployment-default.web', 'create'), recorded('DeploymentScaled', 'deployment-default.web', 'scale')];
  last.record(created);
  last.record(scaled);
  last.record(recorded('PodCreated', 'pod-default.other'));
  t.deepEqual(last.of('deployment-default.web'), { causationId: scaled.id, correlationId: 'scale' });
  t.deepEqual(last.latestOf(['deployment-default.web', 'pod-default.other', 'pod-default.none'])?.causationId, `e-${position}`);
  t.is(last.of('pod-default.none'), undefined);
});

test('a deleted owner\'s last event stays (the garbage collector acts on it); a deleted pod\'s goes', (t) => {
  const last = new LastEvents();
  const deleted = recorded('DeploymentDeleted', 'deployment-default.web');
  last.record(deleted);
  last.record(recorded('PodCreated', 'pod-default.a'));
  last.record(recorded('PodDeleted', 'pod-default.a'));
  t.is(last.of('deployment-default.web')?.causationId, deleted.id);
  t.is(last.of('pod-default.a'), undefined);
});

test('who owns which fields is no cause: the write recorded with it stays the last event', (t) => {
  const last = new LastEvents();
  const scaled = recorded('DeploymentScaled', 'deployment-default.web', 'scale');
  last.record(scaled);
  last.record(recorded('ManagedFieldsChanged', 'deployment-default.web', 'scale'));
  t.deepEqual(last.of('deployment-default.web'), { causationId: scaled.id, correlationId: 'scale' });
});
