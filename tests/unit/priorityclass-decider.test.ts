import test from 'ava';
import { priorityClassDecider, type PriorityClassCommand } from '../../domain/priorityclass/priorityclass.decide.js';
import { priorityClassStream, type PriorityClassEvent } from '../../domain/priorityclass/priorityclass.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

/** scheduling.k8s.io/v1 PriorityClass: kube-apiserver's validation and admission rules, as events. */

const spec = deciderSpec(priorityClassDecider);
const cmd = <C extends PriorityClassCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const objectMeta = (name: string) => ({ name, namespace: '', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [] });
const create = (name: string, value: number, extra: object = {}) => cmd('CreatePriorityClass', { meta: objectMeta(name), value, ...extra });
const created = (name: string, value: number, extra: object = {}): NewEvent<PriorityClassEvent> =>
  ({ type: 'PriorityClassCreated', data: { meta: { ...objectMeta(name), creationTimestamp: AT }, value, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', ...extra } });

test('given no class, when one is created, then it has its value, is not the default, and preempts lower priorities unless it says Never', (t) => {
  spec(t).given([]).when(create('high', 1000)).then([created('high', 1000)]);
  spec(t).given([]).when(create('batch', 10, { preemptionPolicy: 'Never', description: 'runs when there is room' }))
    .then([created('batch', 10, { preemptionPolicy: 'Never', description: 'runs when there is room' })]);
  t.is(priorityClassStream('high'), 'priorityclass-high');
});

test('given a class marked as the global default, when another is created as default, then it is forbidden naming the default', (t) => {
  spec(t).given([]).when(create('second', 5, { globalDefault: true, currentDefault: 'first' }))
    .thenThrows('Forbidden', /^priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist$/);
  spec(t).given([]).when(create('first', 5, { globalDefault: true })).then([created('first', 5, { globalDefault: true })]);
  spec(t).given([created('other', 1)]).when(cmd('ChangePriorityClassGlobalDefault', { name: 'other', globalDefault: true, currentDefault: 'first' }))
    .thenThrows('Forbidden', /PriorityClass first is already marked as default/);
  spec(t).given([created('first', 5, { globalDefault: true })]).when(cmd('ChangePriorityClassGlobalDefault', { name: 'first', globalDefault: false, currentDefault: 'first' }))
    .then([{ type: 'PriorityClassGlobalDefaultChanged', data: { name: 'first', globalDefault: false } }]);
});

test('names starting system- are reserved for the system classes as they are, and users\' values stay at or under 1e9', (t) => {
  spec(t).given([]).when(create('system-mine', 10))
    .thenThrows('Invalid', /^PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class$/);
  spec(t).given([]).when(create('system-node-critical', 7)).thenThrows('Invalid', /value of system-node-critical PriorityClass must be 2000001000/);
  spec(t).given([]).when(create('system-node-critical', 2_000_001_000, { description: 'd' }))
    .then([created('system-node-critical', 2_000_001_000, { description: 'd' })]);
  spec(t).given([]).when(create('huge', 1_000_000_001)).thenThrows('Invalid', /value: Forbidden: maximum allowed value of a user defined priority is 1000000000/);
  spec(t).given([]).when(create('max', 1_000_000_000)).then([created('max', 1_000_000_000)]);
});

test('a class is created once; its description changes by DescribePriorityClass, only when it differs', (t) => {
  spec(t).given([created('high', 1000)]).when(create('high', 1000)).thenThrows('AlreadyExists', /priorityclasses.scheduling.k8s.io "high" already exists/);
  spec(t).given([created('high', 1000)]).when(cmd('DescribePriorityClass', { name: 'high', description: 'for the web tier' }))
    .then([{ type: 'PriorityClassDescriptionChanged', data: { name: 'high', description: 'for the web tier' } }]);
  spec(t).given([created('high', 1000, { description: 'x' })]).when(cmd('DescribePriorityClass', { name: 'high', description: 'x' })).then([]);
  spec(t).given([created('high', 1000, { description: 'x' })]).when(cmd('DescribePriorityClass', { name: 'high' }))
    .then([{ type: 'PriorityClassDescriptionChanged', data: { name: 'high' } }]);
});

test('a system class cannot be deleted, in kube-apiserver\'s words; a user class is, once', (t) => {
  spec(t).given([created('system-node-critical', 2_000_001_000)]).when(cmd('DeletePriorityClass', { name: 'system-node-critical' }))
    .thenThrows('Forbidden', /^priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted$/);
  spec(t).given([created('high', 1000)]).when(cmd('DeletePriorityClass', { name: 'high' })).then([{ type: 'PriorityClassDeleted', data: { name: 'high' } }]);
  spec(t).given([created('high', 1000), { type: 'PriorityClassDeleted', data: { name: 'high' } }]).when(cmd('DeletePriorityClass', { name: 'high' }))
    .thenThrows('NotFound', /priorityclasses.scheduling.k8s.io "high" not found/);
});

test('labels of a PriorityClass change by ChangeLabels', (t) => {
  spec(t).given([created('high', 1000)]).when(cmd('ChangeLabels', { kind: 'PriorityClass', namespace: '', name: 'high', set: { tier: 'web' }, remove: [] }))
    .then([{ type: 'LabelsChanged', data: { namespace: '', name: 'high', set: { tier: 'web' }, removed: [] } }]);
});
