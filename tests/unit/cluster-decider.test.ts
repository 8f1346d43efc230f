import test from 'ava';
import { clusterDecider, type ClusterCommand } from '../../domain/cluster/cluster.decide.js';
import { tokenUsable } from '../../domain/cluster/cluster.js';
import { deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(clusterDecider);
const cmd = <C extends ClusterCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;
const config = { clusterName: 'kes', apiEndpoint: 'https://127.0.0.1:6443', adminTokenHash: 'sha256:a', kubernetesVersion: 'v1.32.0' };
const initialized = { type: 'ClusterInitialized' as const, data: config };
const token = { tokenId: 'abcdef', secretHash: 'sha256:s', expiresAt: '2026-11-28T10:00:00.000Z', description: '', usages: ['authentication'] };

test('a cluster initializes once', (t) => {
  spec(t).given([]).when(cmd('InitializeCluster', config)).then([initialized]);
  spec(t).given([initialized]).when(cmd('InitializeCluster', config)).thenThrows('AlreadyExists');
});

test('bootstrap tokens are created and deleted; ids are kubeadm-shaped and unique', (t) => {
  spec(t).given([initialized]).when(cmd('CreateBootstrapToken', token)).then([{ type: 'BootstrapTokenCreated', data: token }]);
  spec(t).given([initialized, { type: 'BootstrapTokenCreated', data: token }]).when(cmd('CreateBootstrapToken', token)).thenThrows('AlreadyExists');
  spec(t).given([initialized]).when(cmd('CreateBootstrapToken', { ...token, tokenId: 'ABC' })).thenThrows('Invalid', /tokenId/);
  spec(t).given([initialized, { type: 'BootstrapTokenCreated', data: token }]).when(cmd('DeleteBootstrapToken', { tokenId: 'abcdef' }))
    .then([{ type: 'BootstrapTokenDeleted', data: { tokenId: 'abcdef' } }]);
  spec(t).given([initialized]).when(cmd('DeleteBootstrapToken', { tokenId: 'zzzzzz' })).thenThrows('NotFound');
});

test('a token is usable only before it expires', (t) => {
  const stored = { ...token, createdAt: '2026-11-27T10:00:00.000Z' };
  t.true(tokenUsable(stored, '2026-11-28T09:59:59.000Z'));
  t.false(tokenUsable(stored, '2026-11-28T10:00:00.000Z'));
  t.false(tokenUsable(undefined, '2026-11-27T10:00:00.000Z'));
});

test('tokens need an initialized cluster', (t) => {
  spec(t).given([]).when(cmd('CreateBootstrapToken', token)).thenThrows('Conflict', /kesadm init/);
});

test("the admin's token is replaced on an initialized cluster, and only the new hash is kept", (t) => {
  const replaced = { type: 'AdminTokenReplaced' as const, data: { adminTokenHash: 'sha256:b' } };
  spec(t).given([initialized]).when(cmd('ReplaceAdminToken', { adminTokenHash: 'sha256:b' })).then([replaced]);
  spec(t).given([]).when(cmd('ReplaceAdminToken', { adminTokenHash: 'sha256:b' })).thenThrows('Conflict', /kesadm init/);
  const state = [initialized, replaced].reduce((s, e) => clusterDecider.evolve(s, { ...e, metadata: meta() } as never), clusterDecider.initialState());
  t.is(state.status === 'initialized' ? state.config.adminTokenHash : undefined, 'sha256:b');
});
