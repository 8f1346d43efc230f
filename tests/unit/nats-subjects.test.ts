import test from 'ava';
import { eventSubject } from '../../infrastructure/nats/event-subjects.js';

const cases: Array<[stream: string, type: string, subject: string]> = [
  ['node-worker-1', 'NodeRegistered', 'kes.events.node._.worker-1.NodeRegistered'],
  ['pod-default.web-1', 'PodCreated', 'kes.events.pod.default.web-1.PodCreated'],
  ['cluster', 'ClusterInitialized', 'kes.events.cluster._._.ClusterInitialized'],
  ['node-worker-1.example.com', 'NodeCordoned', 'kes.events.node._.worker-1_example_com.NodeCordoned'],
  ['namespace-kube-system', 'NamespaceCreated', 'kes.events.namespace._.kube-system.NamespaceCreated'],
  ['configmap-default.app.config', 'ConfigMapCreated', 'kes.events.configmap.default.app_config.ConfigMapCreated'],
  ['replicaset-prod.web-7d9f', 'ReplicaSetScaled', 'kes.events.replicaset.prod.web-7d9f.ReplicaSetScaled'],
];

for (const [stream, type, subject] of cases) {
  test(`stream ${stream} → ${subject}`, (t) => {
    t.is(eventSubject(stream, type), subject);
  });
}
