import type { ReadModels } from '../../application/projections/read-models.js';
import type { PodView } from '../../application/projections/workload-views.js';
import type { PlannedCommand, Reconciler } from '../../application/reconcilers/runner.js';
import type { CreateDeployment } from '../../domain/deployment/deployment.decide.js';
import type { PodTemplate } from '../../domain/pod/pod-spec.js';
import type { CreateReplicaSet } from '../../domain/replicaset/replicaset.decide.js';
import { toSelector } from '../../domain/replicaset/workload-spec.js';
import { AT, type world } from './world.js';

type World = ReturnType<typeof world>;

export function template(image = 'app:1'): PodTemplate {
  const container = { name: 'app', image, env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 } }, volumeMounts: [] };
  const spec = { containers: [container], volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always' as const, terminationGracePeriodSeconds: 30 };
  return { labels: { app: 'web' }, annotations: {}, spec };
}

/** The command API's CreateDeployment of `web` (app=web) in default, with this template. */
export const createWebDeployment = (replicas: number, podTemplate: PodTemplate = template()) => ({
  type: 'CreateDeployment',
  data: {
    meta: { name: 'web', namespace: 'default', uid: 'dep-web', labels: { app: 'web' }, annotations: {}, ownerReferences: [] },
    replicas,
    selector: [{ key: 'app', operator: 'In', values: ['web'] }],
    template: podTemplate,
  },
});

/** A template whose container runs `sleep 3600`: a real process on a real node, nothing on a simulated one. */
export function sleepingTemplate(): PodTemplate {
  const { spec, ...rest } = template('busybox');
  return { ...rest, spec: { ...spec, containers: spec.containers.map((c) => ({ ...c, command: ['sleep', '3600'] })) } };
}

const objectMeta = (name: string, uid: string) => ({ name, namespace: 'default', uid, labels: { app: 'web' }, annotations: {}, ownerReferences: [] });
const selector = toSelector({ matchLabels: { app: 'web' } });

export const replicaSetData = (name: string, replicas: number, uid = `uid-${name}`): CreateReplicaSet['data'] =>
  ({ meta: objectMeta(name, uid), replicas, selector, template: template() });

export const deploymentData = (name: string, replicas: number, extra: Partial<CreateDeployment['data']> = {}): CreateDeployment['data'] =>
  ({ meta: objectMeta(name, `uid-${name}`), replicas, selector, template: template(), ...extra });

export const isReady = (pod: PodView) => pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

/** Pods not being deleted. */
export const livePods = (models: ReadModels) => [...models.pods.values()].filter((p) => p.status !== 'terminating');

/** One pass of each reconciler over all its keys, as a runner's resync would make it. */
export async function roundOf(reconciler: Reconciler): Promise<PlannedCommand[]> {
  const commands: PlannedCommand[] = [];
  for (const key of [...reconciler.keys()]) commands.push(...(await reconciler.reconcile(key)));
  return commands;
}

const running = (pod: PodView) => ({
  namespace: pod.meta.namespace, name: pod.meta.name, nodeName: pod.nodeName!, phase: 'Running', podIP: '10.244.0.10',
  conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'Ready', status: 'True' }],
  containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, ready: true, restartCount: 0, state: { running: { startedAt: AT } } })),
});

/**
 * A stand-in for the kubelets: every bound pod reports Running and Ready, every terminating one is confirmed
 * gone, each as `system:node:<its node>`. Returns how many commands it sent.
 */
export async function runKubelets(w: Pick<World, 'models' | 'send'>): Promise<number> {
  const reports = [...w.models.pods.values()].flatMap((pod): [string, object, string][] => {
    const actor = `system:node:${pod.nodeName}`;
    if (pod.status === 'terminating' && pod.nodeName)
      return [['ConfirmPodDeleted', { namespace: pod.meta.namespace, name: pod.meta.name, nodeName: pod.nodeName }, actor]];
    return pod.status === 'bound' && !isReady(pod) ? [['ReportPodStatus', running(pod), actor]] : [];
  });
  for (const [type, data, actor] of reports) await w.send(type, data, actor);
  return reports.length;
}
