import test from 'ava';
import type { K8sEvent } from '../../adapters/http/k8s/k8s-types.js';
import { fakeApi } from './kesctl-fake-api.js';
import { workloads } from './kesctl-workload-fixtures.js';

process.env.TZ = 'UTC';

const lines = (...rows: string[]) => [...rows, ''].join('\n');

function event(kind: string, name: string, reason: string, message: string, component: string, at: string): K8sEvent {
  return {
    metadata: { name: `${name}.${reason}` }, involvedObject: { kind, name, namespace: 'default' }, type: 'Normal', reason, message,
    source: { component }, firstTimestamp: at, lastTimestamp: at, count: 1,
  };
}

const EVENTS = [
  event('Pod', 'web-7d4b9-aaaaa', 'Scheduled', 'Successfully assigned default/web-7d4b9-aaaaa to node-1', 'default-scheduler', '2024-05-01T11:55:00Z'),
  event('Deployment', 'web', 'ScalingReplicaSet', 'Scaled up replica set web-7d4b9 to 3', 'deployment-controller', '2024-05-01T11:50:00Z'),
];

const TEMPLATE_CONTAINERS = [
  '  Containers:',
  '   web:',
  '    Image:      nginx:1.25',
  '    Port:       80/TCP',
  '    Host Port:  0/TCP',
  '    Requests:',
  '      cpu:         100m',
  '      memory:      64Mi',
  '    Environment:   <none>',
  '    Mounts:        <none>',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
];

test('describe pod: node, controller, containers with state, conditions, and the events of that pod', async (t) => {
  const api = await fakeApi(t, workloads(), { events: EVENTS });
  const result = await api.kesctl('describe', 'pod', 'web-7d4b9-aaaaa');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'Name:         web-7d4b9-aaaaa',
      'Namespace:    default',
      'Node:         node-1/10.0.0.1',
      'Labels:       app=web',
      '              pod-template-hash=7d4b9',
      'Annotations:  <none>',
      'Status:       Running',
      'IP:           10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  ReplicaSet/web-7d4b9',
      'Containers:',
      '  web:',
      '    Container ID:   ',
      '    Image:          nginx:1.25',
      '    Image ID:       ',
      '    Port:           80/TCP',
      '    Host Port:      0/TCP',
      '    State:          Running',
      '      Started:      Wed, 01 May 2024 11:55:02 +0000',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Requests:',
      '      cpu:        100m',
      '      memory:     64Mi',
      '    Environment:  <none>',
      '    Mounts:       <none>',
      'Conditions:',
      '  Type           Status',
      '  PodScheduled   True ',
      '  Ready          True ',
      'Volumes:         <none>',
      'QoS Class:       Burstable',
      'Node-Selectors:  <none>',
      'Tolerations:     <none>',
      'Events:',
      '  Type    Reason     Age   From               Message',
      '  ----    ------     ----  ----               -------',
      '  Normal  Scheduled  5m    default-scheduler  Successfully assigned default/web-7d4b9-aaaaa to node-1',
    ),
  );
  t.is(
    decodeURIComponent(api.requests[1].url),
    '/api/v1/events?fieldSelector=involvedObject.kind=Pod,involvedObject.name=web-7d4b9-aaaaa,involvedObject.namespace=default',
  );
});

test('describe a Pending pod shows why the scheduler could not place it', async (t) => {
  const api = await fakeApi(t, workloads());
  const result = await api.kesctl('describe', 'po/big');
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /\nNode: +<none>\n/);
  t.regex(result.stdout, /\nStatus: +Pending\n/);
  t.regex(result.stdout, /\nConditions:\n  Type +Status\n  PodScheduled +False \n/);
  t.true(
    result.stdout.endsWith(
      lines(
        'Events:',
        '  Type     Reason            Age        From               Message',
        '  ----     ------            ----       ----               -------',
        '  Warning  FailedScheduling  <unknown>  default-scheduler  0/2 nodes are available: 2 Insufficient cpu.',
      ),
    ),
  );
});

test('describe deployment: replicas line, strategy, pod template, conditions, new and old ReplicaSets', async (t) => {
  const api = await fakeApi(t, workloads(), { events: EVENTS });
  const result = await api.kesctl('describe', 'deploy', 'web');
  t.is(result.code, 0, result.stderr);
  t.is(
    result.stdout,
    lines(
      'Name:                   web',
      'Namespace:              default',
      'CreationTimestamp:      Wed, 01 May 2024 11:50:00 +0000',
      'Labels:                 app=web',
      'Annotations:            deployment.kubernetes.io/revision: 2',
      'Selector:               app=web',
      'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
      'StrategyType:           RollingUpdate',
      'MinReadySeconds:        0',
      'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
      'Pod Template:',
      '  Labels:  app=web',
      ...TEMPLATE_CONTAINERS,
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      True    MinimumReplicasAvailable',
      '  Progressing    True    NewReplicaSetAvailable',
      'OldReplicaSets:  <none>',
      'NewReplicaSet:   web-7d4b9 (3/3 replicas created)',
      'Events:',
      '  Type    Reason             Age   From                   Message',
      '  ----    ------             ----  ----                   -------',
      '  Normal  ScalingReplicaSet  10m   deployment-controller  Scaled up replica set web-7d4b9 to 3',
    ),
  );
  t.deepEqual(api.requests.map((r) => decodeURIComponent(r.url)), [
    '/apis/apps/v1/namespaces/default/deployments/web',
    '/apis/apps/v1/namespaces/default/replicasets?labelSelector=app=web',
    '/api/v1/events?fieldSelector=involvedObject.kind=Deployment,involvedObject.name=web,involvedObject.namespace=default',
  ]);
  // Mid-rollout, the older ReplicaSet still holding pods is listed.
  const old = api.store.get('/apis/apps/v1/namespaces/default/replicasets/web-5c8f6')!;
  old.spec.replicas = old.status.replicas = 1;
  t.regex((await api.kesctl('describe', 'deployment/web')).stdout, /\nOldReplicaSets:  web-5c8f6 \(1\/1 replicas created\)\nNewReplicaSet:   web-7d4b9 \(3\/3 replicas created\)\n/);
});

test('describe replicaset counts the pods it controls; describe namespace says there are no quotas', async (t) => {
  const api = await fakeApi(t, workloads());
  const rs = await api.kesctl('describe', 'rs', 'web-7d4b9');
  t.is(rs.code, 0, rs.stderr);
  t.is(
    rs.stdout,
    lines(
      'Name:           web-7d4b9',
      'Namespace:      default',
      'Selector:       app=web,pod-template-hash=7d4b9',
      'Labels:         app=web',
      '                pod-template-hash=7d4b9',
      'Annotations:    deployment.kubernetes.io/revision: 2',
      'Controlled By:  Deployment/web',
      'Replicas:       3 current / 3 desired',
      'Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=web',
      '           pod-template-hash=7d4b9',
      ...TEMPLATE_CONTAINERS,
      'Events:            <none>',
    ),
  );
  const ns = await api.kesctl('describe', 'namespace', 'prod');
  t.is(
    ns.stdout,
    lines('Name:         prod', 'Labels:       kubernetes.io/metadata.name=prod', 'Annotations:  <none>', 'Status:       Active', '', 'No resource quota.', '', 'No LimitRange resource.'),
  );
});

test('describe errors: a missing object, a type kesctl cannot describe, nothing matching', async (t) => {
  const api = await fakeApi(t, workloads());
  t.deepEqual(await api.kesctl('describe', 'deployment', 'nope'), {
    code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', slept: [],
  });
  t.is((await api.kesctl('describe', 'ep', 'web')).stderr,
    'error: kesctl cannot describe endpoints yet: it describes nodes, pods, deployments, replicasets, jobs, namespaces, services, configmaps, secrets\n');
  t.is((await api.kesctl('describe', 'pods', '-n', 'prod', '-l', 'app=none')).stderr, 'No resources found in prod namespace.\n');
});
