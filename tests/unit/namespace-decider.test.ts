import test from 'ava';
import { namespaceDecider, type NamespaceCommand } from '../../domain/namespace/namespace.decide.js';
import {
  evolveNamespace,
  initialNamespaceState,
  isProtectedNamespace,
  namespaceAccepts,
  namespaceRefusal,
  namespaceStream,
  type NamespaceEvent,
} from '../../domain/namespace/namespace.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(namespaceDecider);
const cmd = <C extends NamespaceCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const newMeta = { name: 'shop', uid: 'uid-ns', labels: { team: 'a' } };
const created = {
  type: 'NamespaceCreated' as const,
  data: { meta: { ...newMeta, labels: { team: 'a', 'kubernetes.io/metadata.name': 'shop' }, creationTimestamp: AT } },
};
const terminating = { type: 'NamespaceTerminating' as const, data: { name: 'shop' } };
const deleted = { type: 'NamespaceDeleted' as const, data: { name: 'shop' } };
const stateAfter = (events: NewEvent<NamespaceEvent>[]) =>
  events.map((e) => ({ ...e, metadata: { ...meta(), correlationId: 'c', causationId: 'c', schemaVersion: 1 } }) as NamespaceEvent)
    .reduce(evolveNamespace, initialNamespaceState());

test('a namespace is created, labelled with its own name as Kubernetes does', (t) => {
  spec(t).given([]).when(cmd('CreateNamespace', { meta: newMeta })).then([created]);
  t.is(namespaceStream('shop'), 'namespace-shop');
});

test('a namespace name must be a DNS label', (t) => {
  spec(t).given([]).when(cmd('CreateNamespace', { meta: { ...newMeta, name: 'my.shop' } })).thenThrows('Invalid', /metadata.name: "my.shop" must be a lowercase RFC 1123 label/);
  spec(t).given([]).when(cmd('CreateNamespace', { meta: { ...newMeta, name: 'Shop' } })).thenThrows('Invalid', /metadata.name/);
});

test('a namespace exists once, also while it is being deleted', (t) => {
  spec(t).given([created]).when(cmd('CreateNamespace', { meta: newMeta })).thenThrows('AlreadyExists', /^namespaces "shop" already exists$/);
  spec(t).given([created, terminating]).when(cmd('CreateNamespace', { meta: newMeta }))
    .thenThrows('AlreadyExists', /object is being deleted: namespaces "shop" already exists/);
  spec(t).given([created, terminating, deleted]).when(cmd('CreateNamespace', { meta: newMeta })).then([created]);
});

test('deleting a namespace makes it Terminating; deleting again appends nothing', (t) => {
  spec(t).given([created]).when(cmd('DeleteNamespace', { name: 'shop' })).then([terminating]);
  spec(t).given([created, terminating]).when(cmd('DeleteNamespace', { name: 'shop' })).then([]);
  spec(t).given([]).when(cmd('DeleteNamespace', { name: 'shop' })).thenThrows('NotFound', /namespaces "shop" not found/);
});

test('the system namespaces may not be deleted', (t) => {
  for (const name of ['default', 'kube-system', 'kube-node-lease', 'kube-public']) {
    const made = { type: 'NamespaceCreated' as const, data: { meta: { name, uid: 'u', labels: {}, creationTimestamp: AT } } };
    spec(t).given([made]).when(cmd('DeleteNamespace', { name }))
      .thenThrows('Forbidden', new RegExp(`^namespace "${name}" is forbidden: this namespace may not be deleted$`));
    t.true(isProtectedNamespace(name));
  }
  t.false(isProtectedNamespace('shop'));
});

test('a namespace is finalized only once it is Terminating', (t) => {
  spec(t).given([created, terminating]).when(cmd('FinalizeNamespace', { name: 'shop' })).then([deleted]);
  spec(t).given([created]).when(cmd('FinalizeNamespace', { name: 'shop' })).thenThrows('Conflict', /not terminating/);
  spec(t).given([created, terminating, deleted]).when(cmd('FinalizeNamespace', { name: 'shop' })).thenThrows('NotFound');
});

test('only an Active namespace accepts new objects', (t) => {
  t.true(namespaceAccepts(stateAfter([created])));
  t.false(namespaceAccepts(stateAfter([])));
  t.false(namespaceAccepts(stateAfter([created, terminating])));
  t.false(namespaceAccepts(stateAfter([created, terminating, deleted])));
  t.is(namespaceRefusal(stateAfter([created]), 'shop', 'pods', 'web'), undefined);
  const closing = namespaceRefusal(stateAfter([created, terminating]), 'shop', 'pods', 'web');
  t.is(closing?.reason, 'Forbidden');
  t.is(closing?.message, 'pods "web" is forbidden: unable to create new content in namespace shop because it is being terminated');
  t.is(namespaceRefusal(stateAfter([]), 'shop', 'pods', 'web')?.message, 'namespaces "shop" not found');
});

test('a Terminating namespace records when its deletion began', (t) => {
  const state = stateAfter([created, terminating]);
  t.deepEqual(state.status === 'terminating' ? state.deletionTimestamp : undefined, AT);
});

test("a namespace's labels and annotations change, also while it is being deleted; its name label stays its name", (t) => {
  const relabel = (set: Record<string, string>, remove: string[] = []) => cmd('ChangeLabels', { kind: 'Namespace', namespace: '', name: 'shop', set, remove });
  const annotate = (set: Record<string, string>) => cmd('ChangeAnnotations', { kind: 'Namespace', namespace: '', name: 'shop', set, remove: [] });
  spec(t).given([created]).when(relabel({ 'pod-security.kubernetes.io/enforce': 'baseline' }, ['team']))
    .then([{ type: 'LabelsChanged', data: { namespace: '', name: 'shop', set: { 'pod-security.kubernetes.io/enforce': 'baseline' }, removed: ['team'] } }]);
  spec(t).given([created, terminating]).when(annotate({ 'example.com/owner': 'a' }))
    .then([{ type: 'AnnotationsChanged', data: { namespace: '', name: 'shop', set: { 'example.com/owner': 'a' }, removed: [] } }]);
  spec(t).given([created]).when(relabel({ 'kubernetes.io/metadata.name': 'shop' })).then([]);
  spec(t).given([created]).when(relabel({ 'kubernetes.io/metadata.name': 'other' })).thenThrows('Invalid', /metadata\.labels\[kubernetes\.io\/metadata\.name\]/);
  spec(t).given([created]).when(relabel({}, ['kubernetes.io/metadata.name'])).thenThrows('Invalid', /must be the namespace's name/);
  spec(t).given([created, terminating, deleted]).when(relabel({ a: 'b' })).thenThrows('NotFound', /namespaces "shop" not found/);
  const state = stateAfter([created, { type: 'AnnotationsChanged', data: { namespace: '', name: 'shop', set: { note: 'x' }, removed: [] } }]);
  t.deepEqual(state.status === 'active' ? state.meta.annotations : undefined, { note: 'x' }, 'a namespace recorded without annotations gets them');
});
