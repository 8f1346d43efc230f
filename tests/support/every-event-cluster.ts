import { caughtUp } from '../../application/projections/wait-for.js';
import { WALL_CLOCK } from './world.js';
import { deploymentController } from '../../application/reconcilers/deployment.js';
import { endpointsController } from '../../application/reconcilers/endpoints.js';
import { garbageCollector } from '../../application/reconcilers/garbage-collector.js';
import { jobController } from '../../application/reconcilers/job.js';
import { namespaceController } from '../../application/reconcilers/namespace.js';
import { podGarbageCollector } from '../../application/reconcilers/pod-gc.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { serviceAllocationRelease } from '../../application/reconcilers/service-allocation-release.js';
import type { Reconciler } from '../../application/reconcilers/runner.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { NodeCredentials } from '../../infrastructure/crypto/node-credentials.js';
import { ADMIN_TOKEN } from './api-harness.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { registration } from './node-fixtures.js';
import { base64, configMapManifest, secretManifest, serviceApi, serviceManifest } from './service-api.js';
import { roundOf, runKubelets } from './workload-fixtures.js';
import { container, deploymentManifest, MERGE, podManifest, STRATEGIC, type Api } from './workload-api.js';

const NS = '/api/v1/namespaces/shop';
const APPS = '/apis/apps/v1/namespaces/shop';

/**
 * An API server (memory store) with the control plane's controllers and a stand-in for kubelets in process,
 * driven over its REST API through as many kinds of change as kes records: nodes joined, labelled, tainted,
 * cordoned, deleted and reset; ConfigMaps, Secrets and Services through their lives; a Deployment scaled, rolled
 * out and back, paused, orphaned and adopted; pods unschedulable, evicted and deleted; the namespace deleted; a
 * controller's reconcile that kept failing reported.
 */
export async function everyEventCluster(): Promise<Api> {
  const api = await serviceApi({}, 'shop');
  const controllers = controlPlane(api);
  try {
    await driveThroughEveryChange(api, controllers.converge);
    return api;
  } catch (error) {
    await api.close();
    throw error;
  } finally {
    controllers.stop();
  }
}

async function driveThroughEveryChange(api: Api, converge: () => Promise<void>): Promise<void> {
  const ok = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await api.request(method, url, body, headers);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const patch = (url: string, body: unknown) => ok('PATCH', url, body, MERGE);

  const { token, tokenId } = await ok('POST', '/kes/v1/tokens', { ttlSeconds: 600 });
  for (const name of ['node-a', 'node-b'])
    await ok('POST', '/kes/v1/join', { node: nodeManifest(registration(name)) }, { authorization: `Bearer ${token}` });
  await patch('/api/v1/nodes/node-a', { metadata: { labels: { disk: 'ssd' } }, spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } });
  await patch('/api/v1/nodes/node-a', { spec: { unschedulable: true } });
  await patch('/api/v1/nodes/node-a', { spec: { unschedulable: false, taints: [] } });

  await ok('POST', `${NS}/configmaps`, configMapManifest('settings', { mode: 'fast' }));
  await patch(`${NS}/configmaps/settings`, { data: { mode: 'slow' }, metadata: { labels: { tier: 'web' }, annotations: { note: 'x' } } });
  await ok('PATCH', `${NS}/configmaps/settings?fieldManager=editor`, { data: { mode: 'slower' } }, MERGE);
  await ok('POST', `${NS}/secrets`, secretManifest('db', { data: { password: base64('s3cret') } }));
  await patch(`${NS}/secrets/db`, { data: { password: base64('other') } });
  await ok('POST', `${NS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
  const CLASSES = '/apis/scheduling.k8s.io/v1/priorityclasses';
  await ok('POST', CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
  await patch(`${CLASSES}/high`, { description: 'the web tier', globalDefault: true });
  await patch(`${CLASSES}/high`, { globalDefault: false });
  await ok('POST', CLASSES, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'spare' }, value: 1 });
  await ok('DELETE', `${CLASSES}/spare`);

  await ok('POST', `${NS}/services`, serviceManifest('web', { type: 'NodePort', selector: { app: 'web' } }));
  await ok('POST', `${APPS}/deployments`, webDeployment(2));
  await converge();
  await patch(`${APPS}/deployments/web/scale`, { spec: { replicas: 3 } });
  await converge();
  for (const image of ['nginx:1.28', 'nginx:1.27']) {
    await ok('PATCH', `${APPS}/deployments/web`, { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } }, STRATEGIC);
    await converge();
  }
  await patch(`${APPS}/deployments/web`, { spec: { paused: true, strategy: { type: 'Recreate', rollingUpdate: null } }, metadata: { labels: { tier: 'web' } } });
  await patch(`${APPS}/deployments/web`, { spec: { paused: false }, metadata: { annotations: { note: 'resumed' } } });
  await patch(`${APPS}/deployments/web`, { spec: { minReadySeconds: 1 } });
  await converge();

  await ok('POST', `${NS}/pods`, podManifest('huge', { labels: { app: 'huge' }, spec: { containers: [{ name: 'huge', image: 'x', resources: { requests: { cpu: '1000' } } }] } }));
  await converge();
  await ok('DELETE', `${NS}/pods/huge`);
  // A pod of higher priority that needs what a lower one takes on node-b: the scheduler nominates it and preempts that one.
  const onNodeB = (name: string, cpu: string, extra: object = {}) =>
    podManifest(name, { labels: { app: name }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-b' }, containers: [{ name, image: 'x', resources: { requests: { cpu } } }], ...extra } });
  await ok('POST', `${NS}/pods`, onNodeB('filler', '3900m'));
  await converge();
  await ok('POST', `${NS}/pods`, onNodeB('urgent', '1', { priorityClassName: 'high' }));
  await converge();
  await ok('DELETE', `${NS}/pods/urgent`);
  await converge();
  const [evicted] = [...api.models.pods.values()].filter((p) => p.meta.namespace === 'shop' && p.meta.labels.app === 'web');
  await ok('POST', `${NS}/pods/${evicted.meta.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: evicted.meta.name } });
  await converge();

  await patch(`${NS}/services/web`, { spec: { ports: [{ port: 8080, targetPort: 80 }], selector: { app: 'web', tier: 'web' } } });
  await ok('DELETE', `${APPS}/deployments/web`, { propagationPolicy: 'Orphan' });
  await converge();
  await ok('POST', `${APPS}/deployments`, webDeployment(3));
  await converge();
  // The one with pods, so that orphaning it orphans them (and another ReplicaSet adopts them).
  const [replicaSet] = [...api.models.replicaSets.values()].filter((rs) => rs.meta.namespace === 'shop').sort((a, b) => b.spec.replicas - a.spec.replicas);
  await ok('DELETE', `${APPS}/replicasets/${replicaSet.meta.name}`, { propagationPolicy: 'Orphan' });
  await converge();

  await driveJobs(ok, converge);

  await ok('DELETE', `${NS}/services/web`);
  await ok('DELETE', `${NS}/configmaps/settings`);
  await ok('DELETE', `${NS}/secrets/db`);
  await ok('DELETE', `${NS}/serviceaccounts/builder`);
  await ok('DELETE', '/api/v1/namespaces/shop', { propagationPolicy: 'Background' });
  await converge();

  const failure = { controller: 'taint-eviction', reason: 'FailedSetNodeTaints', message: 'the API server is not answering' };
  await ok('POST', '/kes/v1/commands', { type: 'ReportReconcileFailure', data: { kind: 'Node', namespace: '', name: 'node-b', ...failure } });
  await ok('POST', '/kes/v1/commands', { type: 'ReportNodeReadiness', data: { name: 'node-b', status: 'False', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } });
  await ok('DELETE', '/api/v1/nodes/node-b');
  await ok('POST', '/kes/v1/commands', { type: 'ResetNode', data: { name: 'node-a' } });
  await ok('DELETE', `/kes/v1/tokens/${tokenId}`);
  await ok('POST', '/kes/v1/commands', { type: 'IssueComponentCredential', data: { component: 'scheduler', tokenHash: 'sha256:0123456789abcdef' } });

  // Refused requests: more distinct ones than a window of the audit records (50), so some are only counted.
  for (let i = 0; i <= 50; i++) await api.request('DELETE', `/api/v1/nodes/gone-${i}`, undefined, { authorization: 'Bearer not-a-token' });
  await api.refusals.flush();

  // Last, and with the hash of the token the tests use, so the API keeps answering them.
  await ok('POST', '/kes/v1/commands', { type: 'ReplaceAdminToken', data: { adminTokenHash: new NodeCredentials().hash(ADMIN_TOKEN) } });
}

type Ok = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<unknown>;

/** Jobs created suspended, resumed, given more parallelism and run; one completed, one failed (as commands), one deleted. */
async function driveJobs(ok: Ok, converge: () => Promise<void>): Promise<void> {
  const JOBS = '/apis/batch/v1/namespaces/shop/jobs';
  const job = (name: string, suspend = false) => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { suspend, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox', command: ['true'] }] } } },
  });
  await ok('POST', JOBS, job('batch', true));
  await ok('POST', JOBS, job('once'));
  await ok('PATCH', `${JOBS}/batch`, { spec: { suspend: false, parallelism: 2 } }, MERGE);
  await converge();
  await ok('POST', '/kes/v1/commands', { type: 'CompleteJob', data: { namespace: 'shop', name: 'once' } });
  await ok('POST', '/kes/v1/commands', { type: 'FailJob', data: { namespace: 'shop', name: 'batch', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' } });
  await converge();
  await ok('DELETE', `${JOBS}/once`);
  await converge();
}

/** A Deployment whose pods use most of what a pod spec can say: env from everywhere, volumes, probes, affinity, tolerations. */
function webDeployment(replicas: number) {
  const manifest = deploymentManifest('web', replicas);
  const env = [
    { name: 'MODE', value: 'fast' },
    { name: 'SETTING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
    { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } },
    { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ];
  const probes = {
    readinessProbe: { httpGet: { path: '/', port: 'http' } },
    livenessProbe: { tcpSocket: { port: 80 } },
    startupProbe: { exec: { command: ['true'] } },
  };
  const mounts = [{ name: 'config', mountPath: '/etc/web' }, { name: 'scratch', mountPath: '/tmp' }];
  const volumes = [{ name: 'config', configMap: { name: 'settings' } }, { name: 'creds', secret: { secretName: 'db' } }, { name: 'scratch', emptyDir: {} }];
  const terms = [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'hdd'] }, { key: 'gpu', operator: 'DoesNotExist' }] }];
  const spec = {
    containers: [container('nginx:1.27', { ports: [{ name: 'http', containerPort: 80 }], env, volumeMounts: mounts, ...probes })],
    volumes,
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
    tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
  };
  return { ...manifest, spec: { ...manifest.spec, template: { ...manifest.spec.template, spec } } };
}

/** The controllers of `kes up`'s control plane, each run over all its keys in turn with the kubelets' stand-in, until none has more to do. */
function controlPlane(api: Api): { converge: () => Promise<void>; stop: () => void } {
  const ids = new UuidIds();
  // The API server's own handler: it keeps the streams' states it decided on, so no other may write behind it.
  const send = async (type: string, data: object, actor = 'kubernetes-admin') => {
    const handled = await api.handle({ type, data, metadata: { commandId: ids.newId(), actor, at: new Date().toISOString() } } as Command);
    await caughtUp(api.models, handled.position);
  };
  const schedule = scheduler(api.models);
  // The scheduler keeps its cache of nodes and pods from its triggers.
  const cache = schedule.triggers.subscribe();
  const reconcilers: readonly Reconciler[] = [
    deploymentController(api.models, WALL_CLOCK), replicaSetController(api.models, ids, WALL_CLOCK), schedule, endpointsController(api.models),
    jobController(api.models, ids, WALL_CLOCK), garbageCollector(api.models), namespaceController(api.models), podGarbageCollector(api.models), serviceAllocationRelease(api.models),
  ];
  const converge = async () => {
    for (let round = 1; round <= 40; round++) {
      let sent = 0;
      for (const reconciler of reconcilers) {
        const commands = await roundOf(reconciler);
        for (const c of commands) await send(c.type, c.data as object, c.actor ?? reconciler.actor);
        sent += commands.length;
      }
      sent += await runKubelets({ models: api.models, send });
      if (sent === 0) return;
    }
    throw new Error('the controllers did not settle in 40 rounds');
  };
  return { converge, stop: () => cache.unsubscribe() };
}
