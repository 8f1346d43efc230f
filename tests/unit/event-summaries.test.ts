import test from 'ava';
import { summaryOf } from '../../application/queries/event-summaries.js';

const template = { labels: {}, spec: { containers: [{ image: 'nginx:1.27' }, { image: 'envoy:1' }] } };

test('given workload events, their summaries say what happened in a line', (t) => {
  t.is(summaryOf('DeploymentTemplateChanged', { template, revision: 3 }), 'revision 3: nginx:1.27, envoy:1');
  t.is(summaryOf('PodScheduled', { nodeName: 'w1' }), 'scheduled to w1');
  t.is(summaryOf('PodStatusReported', { phase: 'Running', nodeName: 'w1', conditions: [{ type: 'Ready', status: 'True' }] }), 'Running, ready on w1');
  t.is(summaryOf('PodStatusReported', { phase: 'Pending', nodeName: 'w1', reason: 'RunContainerError', conditions: [] }), 'Pending (RunContainerError) on w1');
  t.is(summaryOf('LabelsChanged', { set: { tier: 'front' }, removed: ['app'] }), 'labels tier=front app-');
  t.is(summaryOf('ReconcileFailed', { controller: 'replicaset-controller', reason: 'FailedCreatePod', message: 'pods is forbidden: exceeded quota' }),
    'replicaset-controller keeps failing (FailedCreatePod): pods is forbidden: exceeded quota');
  t.is(summaryOf('ServiceCreated', { spec: { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080 }] } }), 'created: NodePort 10.96.0.10 80:30080/TCP');
  t.is(summaryOf('SecretCreated', { type: 'Opaque', keyId: 'k1', encryptedData: { password: 'sealed', user: 'sealed' } }), 'created (Opaque): password, user, sealed with key k1');
});

test('given an event kes has no summary for, the summary is its type', (t) => {
  t.is(summaryOf('SomethingNew', { a: 1 }), 'SomethingNew');
  t.is(summaryOf('PodDeleted', null), 'PodDeleted');
});
