import test from 'ava';
import { ReadModels } from '../../application/projections/read-models.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { watchEventOf } from '../../adapters/http/routes/object-watch.js';
import { registration } from '../support/node-fixtures.js';

let position = 0;
const recorded = (type: string, data: object, more = false): RecordedEvent => ({
  type, data, stream: 'node-w1', revision: position, position: ++position, id: `e-${position}`,
  metadata: { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', at: '2026-11-27T10:00:00.000Z', schemaVersion: 1, ...(more ? { appendContinues: true } : {}) },
});

test('a create of several events is ADDED to a watch from before it, and MODIFIED to one from a resourceVersion listed while it was half applied', (t) => {
  const models = new ReadModels({ recentChanges: 10 });
  const before = models.position;
  models.apply(recorded('NodeRegistered', registration('w1'), true));
  const halfway = models.position;
  t.true(models.nodes.has('w1'), 'a list taken now shows the node, half written');
  models.apply(recorded('NodeCordoned', { name: 'w1' }));
  const [change] = [...models.recentChanges.after(before)];
  t.is(change.began, halfway);
  t.deepEqual([...models.recentChanges.after(halfway)], [change], 'the write is after the halfway resourceVersion: not missed');
  t.is(watchEventOf(change, () => true, before)?.type, 'ADDED');
  t.is(watchEventOf(change, () => true, halfway)?.type, 'MODIFIED', 'not a second ADDED of the node listed');
  t.is(watchEventOf(change, () => false, halfway), undefined);
});
