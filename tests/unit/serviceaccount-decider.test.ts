import test from 'ava';
import { serviceAccountDecider, type ServiceAccountCommand } from '../../domain/serviceaccount/serviceaccount.decide.js';
import { serviceAccountStream, type ServiceAccountEvent } from '../../domain/serviceaccount/serviceaccount.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(serviceAccountDecider);
const cmd = <C extends ServiceAccountCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const objectMeta = { name: 'builder', namespace: 'ci', uid: 'uid-sa', labels: {}, annotations: {}, ownerReferences: [] };
const created: NewEvent<ServiceAccountEvent> = { type: 'ServiceAccountCreated', data: { meta: { ...objectMeta, creationTimestamp: AT } } };

test('a ServiceAccount is created on a stream of its own; automountServiceAccountToken is kept only when given', (t) => {
  spec(t).given([]).when(cmd('CreateServiceAccount', { meta: objectMeta })).then([created]);
  spec(t).given([]).when(cmd('CreateServiceAccount', { meta: objectMeta, automountServiceAccountToken: false }))
    .then([{ type: 'ServiceAccountCreated', data: { meta: { ...objectMeta, creationTimestamp: AT }, automountServiceAccountToken: false } }]);
  t.is(serviceAccountStream('ci', 'builder'), 'serviceaccount-ci.builder');
});

test('a second create of the same name is AlreadyExists; a bad name is Invalid, naming the field', (t) => {
  spec(t).given([created]).when(cmd('CreateServiceAccount', { meta: objectMeta })).thenThrows('AlreadyExists', /serviceaccounts "builder" already exists/);
  spec(t).given([]).when(cmd('CreateServiceAccount', { meta: { ...objectMeta, name: 'Bad_Name' } }))
    .thenThrows('Invalid', /^ServiceAccount "Bad_Name" is invalid: metadata.name: /);
});

test('a ServiceAccount is deleted once; deleting one that is not there is NotFound', (t) => {
  spec(t).given([created]).when(cmd('DeleteServiceAccount', { namespace: 'ci', name: 'builder' }))
    .then([{ type: 'ServiceAccountDeleted', data: { namespace: 'ci', name: 'builder' } }]);
  spec(t).given([created, { type: 'ServiceAccountDeleted', data: { namespace: 'ci', name: 'builder' } }])
    .when(cmd('DeleteServiceAccount', { namespace: 'ci', name: 'builder' })).thenThrows('NotFound', /serviceaccounts "builder" not found/);
});

test('labels of a ServiceAccount change by ChangeLabels, with only what changes', (t) => {
  spec(t).given([created]).when(cmd('ChangeLabels', { kind: 'ServiceAccount', namespace: 'ci', name: 'builder', set: { team: 'a' }, remove: [] }))
    .then([{ type: 'LabelsChanged', data: { namespace: 'ci', name: 'builder', set: { team: 'a' }, removed: [] } }]);
});
