import test from 'ava';
import { nodeDecider, type NodeCommand } from '../../domain/node/node.decide.js';
import { deciderSpec, meta } from '../support/decider-spec.js';
import { registration } from '../support/node-fixtures.js';

const spec = deciderSpec(nodeDecider);
const cmd = <C extends NodeCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;
const registered = { type: 'NodeRegistered' as const, data: registration('w1') };

test('a new node registers', (t) => {
  spec(t).given([]).when(cmd('RegisterNode', registration('w1'))).then([registered]);
});

test('re-registering an unchanged node appends nothing', (t) => {
  spec(t).given([registered]).when(cmd('RegisterNode', registration('w1'))).then([]);
});

test('re-registering with more memory records the new registration', (t) => {
  const bigger = registration('w1', { capacity: { cpuMillis: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 } });
  spec(t).given([registered]).when(cmd('RegisterNode', bigger)).then([{ type: 'NodeRegistered', data: bigger }]);
});

test('a node with an invalid name is refused, naming the field', (t) => {
  spec(t).given([]).when(cmd('RegisterNode', registration('Bad_Name'))).thenThrows('Invalid', /metadata.name/);
});

test('a join issues a credential and registers', (t) => {
  spec(t)
    .given([])
    .when(cmd('JoinNode', { registration: registration('w1'), credentialHash: 'sha256:x', bootstrapTokenId: 'abcdef' }))
    .then([{ type: 'NodeCredentialIssued', data: { name: 'w1', credentialHash: 'sha256:x', bootstrapTokenId: 'abcdef' } }, registered]);
});

const joinAs = (name: string) =>
  cmd('JoinNode', { registration: registration(name), credentialHash: 'sha256:new', bootstrapTokenId: 'ghijkl' });
const rejoined = [{ type: 'NodeCredentialIssued' as const, data: { name: 'w1', credentialHash: 'sha256:new', bootstrapTokenId: 'ghijkl' } }, registered];
const controlPlane = { type: 'NodeRegistered' as const, data: registration('master', { role: 'control-plane' }) };

test('a join under the name of a registered node is refused, naming the node and what to do', (t) => {
  spec(t)
    .given([registered])
    .when(joinAs('w1'))
    .thenThrows('AlreadyExists', /node "w1" is already registered in the cluster: .*delete the node first \(kesctl delete node w1\) or run kesadm reset on it/);
  spec(t).given([registered, { type: 'NodeCordoned', data: { name: 'w1' } }]).when(joinAs('w1')).thenThrows('AlreadyExists');
});

test('a reset or deleted worker can be joined again: a new credential, a new registration', (t) => {
  spec(t).given([registered, { type: 'NodeReset', data: { name: 'w1' } }]).when(joinAs('w1')).then(rejoined);
  spec(t).given([registered, { type: 'NodeDeleted', data: { name: 'w1' } }]).when(joinAs('w1')).then(rejoined);
});

test('a worker that stopped reporting (NotReady or Unknown) can be joined again: a join cut short is retried under its name', (t) => {
  // The same machine again: only a new credential (its kubelet's next report makes it Ready); another one: registered anew.
  const credential = rejoined.slice(0, 1);
  const elsewhere = registration('w1', { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }] });
  const stopped = (status: 'False' | 'Unknown') => ({ type: 'NodeReadinessChanged' as const, data: { name: 'w1', status, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } });
  spec(t).given([registered, stopped('Unknown')]).when(joinAs('w1')).then(credential);
  spec(t).given([registered, stopped('False')]).when(joinAs('w1')).then(credential);
  spec(t)
    .given([registered, stopped('Unknown')])
    .when(cmd('JoinNode', { registration: elsewhere, credentialHash: 'sha256:new', bootstrapTokenId: 'ghijkl' }))
    .then([credential[0]!, { type: 'NodeRegistered', data: elsewhere }]);
  spec(t).given([registered, stopped('Unknown'), { type: 'NodeReadinessChanged', data: { name: 'w1', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' } }])
    .when(joinAs('w1'))
    .thenThrows('AlreadyExists', /it is Ready/);
});

test('the control-plane node can never be joined over, not even after a reset or a delete', (t) => {
  const refusal = /node "master" is the cluster's control-plane node: no machine can join under its name/;
  spec(t).given([controlPlane]).when(joinAs('master')).thenThrows('AlreadyExists', refusal);
  spec(t).given([controlPlane, { type: 'NodeReset', data: { name: 'master' } }]).when(joinAs('master')).thenThrows('AlreadyExists', refusal);
  spec(t).given([controlPlane, { type: 'NodeDeleted', data: { name: 'master' } }]).when(joinAs('master')).thenThrows('AlreadyExists', refusal);
});

test('labels are set and removed; setting the same labels again appends nothing', (t) => {
  spec(t)
    .given([registered])
    .when(cmd('ChangeNodeLabels', { name: 'w1', set: { disk: 'ssd' }, remove: ['kubernetes.io/hostname'] }))
    .then([{ type: 'NodeLabelsChanged', data: { name: 'w1', set: { disk: 'ssd' }, removed: ['kubernetes.io/hostname'] } }]);
  spec(t).given([registered]).when(cmd('ChangeNodeLabels', { name: 'w1', set: { 'kubernetes.io/hostname': 'w1' }, remove: [] })).then([]);
});

test('the event records only what changed: not labels set to the value they have, nor labels that are both set and removed', (t) => {
  spec(t)
    .given([registered])
    .when(cmd('ChangeNodeLabels', { name: 'w1', set: { 'kubernetes.io/hostname': 'w1', disk: 'ssd', gpu: 'a100' }, remove: ['gpu', 'absent'] }))
    .then([{ type: 'NodeLabelsChanged', data: { name: 'w1', set: { disk: 'ssd' }, removed: [] } }]);
});

test('an invalid label is refused with the key named', (t) => {
  spec(t).given([registered]).when(cmd('ChangeNodeLabels', { name: 'w1', set: { 'bad key!': 'x' }, remove: [] })).thenThrows('Invalid', /bad key!/);
});

test('taints with an unknown effect are refused', (t) => {
  spec(t)
    .given([registered])
    .when(cmd('SetNodeTaints', { name: 'w1', taints: [{ key: 'gpu', effect: 'Sometimes' as 'NoSchedule' }] }))
    .thenThrows('Invalid', /spec.taints\[0\].effect/);
});

test('taints change once; the same taints again append nothing', (t) => {
  const taints = [{ key: 'gpu', value: 'true', effect: 'NoSchedule' as const }];
  const tainted = { type: 'NodeTaintsChanged' as const, data: { name: 'w1', taints } };
  spec(t).given([registered]).when(cmd('SetNodeTaints', { name: 'w1', taints })).then([tainted]);
  spec(t).given([registered, tainted]).when(cmd('SetNodeTaints', { name: 'w1', taints })).then([]);
});

test('cordon and uncordon are idempotent', (t) => {
  const cordoned = { type: 'NodeCordoned' as const, data: { name: 'w1' } };
  spec(t).given([registered]).when(cmd('CordonNode', { name: 'w1' })).then([cordoned]);
  spec(t).given([registered, cordoned]).when(cmd('CordonNode', { name: 'w1' })).then([]);
  spec(t).given([registered, cordoned]).when(cmd('UncordonNode', { name: 'w1' })).then([{ type: 'NodeUncordoned', data: { name: 'w1' } }]);
  spec(t).given([registered]).when(cmd('UncordonNode', { name: 'w1' })).then([]);
});

test('readiness changes only on a transition', (t) => {
  const unknown = { name: 'w1', status: 'Unknown' as const, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
  spec(t).given([registered]).when(cmd('ReportNodeReadiness', unknown)).then([{ type: 'NodeReadinessChanged', data: unknown }]);
  spec(t).given([registered, { type: 'NodeReadinessChanged', data: unknown }]).when(cmd('ReportNodeReadiness', unknown)).then([]);
});

test('an unknown node cannot be deleted, cordoned or labelled', (t) => {
  spec(t).given([]).when(cmd('DeleteNode', { name: 'nope' })).thenThrows('NotFound', /nodes "nope" not found/);
  spec(t).given([]).when(cmd('CordonNode', { name: 'nope' })).thenThrows('NotFound');
  spec(t).given([registered, { type: 'NodeDeleted', data: { name: 'w1' } }]).when(cmd('DeleteNode', { name: 'w1' })).thenThrows('NotFound');
});

test('a deleted node can register again; a reset node re-registers even when unchanged', (t) => {
  spec(t).given([registered, { type: 'NodeDeleted', data: { name: 'w1' } }]).when(cmd('RegisterNode', registration('w1'))).then([registered]);
  spec(t).given([registered, { type: 'NodeReset', data: { name: 'w1' } }]).when(cmd('RegisterNode', registration('w1'))).then([registered]);
  spec(t).given([registered, { type: 'NodeReset', data: { name: 'w1' } }]).when(cmd('ResetNode', { name: 'w1' })).then([]);
});

test('a worker cannot make itself the control plane, by joining as one or registering again as one (NodeRestriction)', (t) => {
  const asControlPlane = registration('w1', { role: 'control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } });
  const refusal = /metadata\.labels\[node-role\.kubernetes\.io\/control-plane\]: Forbidden: node "w1" is a worker and cannot make itself the control plane/;
  spec(t).given([]).when(cmd('JoinNode', { registration: asControlPlane, credentialHash: 'sha256:x', bootstrapTokenId: 'abcdef' })).thenThrows('Invalid', refusal);
  spec(t).given([registered]).when(cmd('RegisterNode', asControlPlane)).thenThrows('Invalid', refusal);
  spec(t).given([registered, { type: 'NodeDeleted', data: { name: 'w1' } }]).when(cmd('RegisterNode', asControlPlane)).thenThrows('Invalid', refusal);
});

test('the control plane registers as such at init, and again after a reset', (t) => {
  spec(t).given([]).when(cmd('RegisterNode', controlPlane.data)).then([controlPlane]);
  spec(t).given([controlPlane, { type: 'NodeReset', data: { name: 'master' } }]).when(cmd('RegisterNode', controlPlane.data)).then([controlPlane]);
});
