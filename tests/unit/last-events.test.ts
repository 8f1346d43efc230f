import test from 'ava';
import { ReadModels } from '../../application/projections/read-models.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

let position = 0;
const recorded = (type: string, stream: string, correlationId = 'root'): RecordedEvent => ({
  type, data: {}, stream, revision: 0, position: ++position, id: `e-${position}`,
  metadata: { actor: 'a', commandId: `c-${position}`, correlationId, causationId: 'x', at: '2026-12-06T10:00:00.000Z', schemaVersion: 1 },
});

test('the read models keep each stream\'s last event as the cause of what is done about it, with its correlation', (t) => {
  const models = new ReadModels();
  const [created, scaled] = [recorded('DeploymentCreated', 'deployment-default.web', 'create'), recorded('DeploymentScaled', 'deployment-default.web', 'scale')];
  models.apply(created);
  models.apply(scaled);
  models.apply(recorded('PodCreated', 'pod-default.other'));
  t.deepEqual(models.lastEvents.of('deployment-default.web'), { causationId: scaled.id, correlationId: 'scale' });
  t.deepEqual(models.lastEvents.latestOf(['deployment-default.web', 'pod-default.other', 'pod-default.none'])?.causationId, `e-${position}`);
  t.is(models.lastEvents.of('pod-default.none'), undefined);
});

test('a deleted owner\'s last event stays (the garbage collector acts on it); a deleted pod\'s goes', (t) => {
  const models = new ReadModels();
  const deleted = recorded('DeploymentDeleted', 'deployment-default.web');
  models.apply(deleted);
  models.apply(recorded('PodCreated', 'pod-default.a'));
  models.apply(recorded('PodDeleted', 'pod-default.a'));
  t.is(models.lastEvents.of('deployment-default.web')?.causationId, deleted.id);
  t.is(models.lastEvents.of('pod-default.a'), undefined);
});
