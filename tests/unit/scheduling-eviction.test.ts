import test from 'ava';
import { evictionDueMs, readinessTaint } from '../../domain/scheduling/eviction.js';

const T0 = '2026-11-27T10:00:00.000Z';
const taint = readinessTaint('Unknown', T0)!;

test('a node that is not Ready gets the NoExecute taint Kubernetes uses for its condition', (t) => {
  t.deepEqual(taint, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 });
  t.is(readinessTaint('False', T0)!.key, 'node.kubernetes.io/not-ready');
  t.is(readinessTaint('True', T0), undefined);
});

test('pods leave after their tolerationSeconds, the default without a toleration, never with an unbounded one', (t) => {
  const at = Date.parse(T0);
  t.is(evictionDueMs(taint, [], 300), at + 300_000);
  t.is(evictionDueMs(taint, [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], 300), at + 5000);
  t.is(evictionDueMs(taint, [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }], 300), undefined);
  t.is(evictionDueMs(taint, [{ key: 'other', operator: 'Exists', tolerationSeconds: 1 }], 300), at + 300_000, 'a toleration of another taint does not count');
});
