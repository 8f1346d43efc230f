import test from 'ava';
import { conflictsOf, droppedFields, fieldSetOf, leaves, managersAfter, pathText, removeFields } from '../../domain/shared/managed-fields.js';
import { decideMetadataChange } from '../../domain/shared/metadata-change.js';
import type { ManagedFieldsEntry } from '../../domain/shared/object-meta.js';

const entry = (manager: string, operation: 'Apply' | 'Update', fieldsV1: Record<string, unknown>): ManagedFieldsEntry =>
  ({ manager, operation, apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1 });

test('the fields of an applied configuration, in FieldsV1 form: list items by name, identity and status left out', (t) => {
  const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } }, status: { replicas: 1 } };
  const set = fieldSetOf(applied);
  t.deepEqual(set, {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } },
  });
  t.true(leaves(set).map(pathText).includes('.spec.template.spec.containers[name="web"].image'));
});

test('given a field another manager owns, when an apply sets it to another value, then it is a conflict naming both; the same value is none', (t) => {
  const entries = [entry('kubectl-client-side-apply', 'Update', { 'f:data': { 'f:a': {}, 'f:b': {} } })];
  const current = { data: { a: '1', b: '2' } };
  t.deepEqual(conflictsOf(entries, 'ssa', { data: { a: '9', b: '2' } }, current).map((c) => [c.manager, pathText(c.path)]), [['kubectl-client-side-apply', '.data.a']]);
  t.deepEqual(conflictsOf(entries, 'kubectl-client-side-apply', { data: { a: '9' } }, current), [], 'its own fields are no conflict');
});

test('given a forced apply, then the fields change hands; given a field no longer applied and owned by no one else, then it is dropped', (t) => {
  const entries = [entry('a', 'Apply', { 'f:data': { 'f:x': {}, 'f:y': {} } }), entry('b', 'Apply', { 'f:data': { 'f:y': {} } })];
  const after = managersAfter(entries, { manager: 'b', operation: 'Apply', apiVersion: 'v1', time: 't', owned: { 'f:data': { 'f:x': {} } }, taken: [['f:data', 'f:x']] });
  t.deepEqual(after.map((e) => [e.manager, e.fieldsV1]), [['a', { 'f:data': { 'f:y': {} } }], ['b', { 'f:data': { 'f:x': {} } }]]);
  const dropped = droppedFields([entry('a', 'Apply', { 'f:data': { 'f:x': {}, 'f:y': {} } })], 'a', { data: { x: '1' } });
  t.deepEqual(dropped, [['f:data', 'f:y']]);
  t.deepEqual(removeFields({ data: { x: '1', y: '2' } }, dropped), { data: { x: '1' } });
});

test('ChangeManagedFields records the list once; the same list again is no event; a manager twice for one operation is refused', (t) => {
  const managedFields = [entry('kubectl', 'Apply', { 'f:data': { 'f:a': {} } })];
  const command = { type: 'ChangeManagedFields' as const, data: { kind: 'ConfigMap' as const, namespace: 'default', name: 'cm', managedFields }, metadata: { commandId: 'c', actor: 'a', at: 't' } };
  t.deepEqual(decideMetadataChange(command, { labels: {} }), [{ type: 'ManagedFieldsChanged', data: { namespace: 'default', name: 'cm', managedFields } }]);
  t.deepEqual(decideMetadataChange(command, { labels: {}, managedFields }), []);
  t.throws(() => decideMetadataChange({ ...command, data: { ...command.data, managedFields: [...managedFields, ...managedFields] } }, { labels: {} }), { message: /Duplicate value/ });
});
