import type { Clock } from '../../application/ports/clock.js';
import type { Heartbeats } from '../../application/ports/heartbeats.js';
import type { IdGenerator } from '../../application/ports/ids.js';
import type { ReadModels } from '../../application/projections/read-models.js';
import { deploymentController } from '../../application/reconcilers/deployment.js';
import { endpointsController } from '../../application/reconcilers/endpoints.js';
import { garbageCollector } from '../../application/reconcilers/garbage-collector.js';
import { jobController } from '../../application/reconcilers/job.js';
import { kubernetesServiceController } from '../../application/reconcilers/kubernetes-service.js';
import { namespaceController } from '../../application/reconcilers/namespace.js';
import { nodeLifecycleReconciler } from '../../application/reconcilers/node-lifecycle.js';
import { podGarbageCollector } from '../../application/reconcilers/pod-gc.js';
import { replicaSetController } from '../../application/reconcilers/replicaset.js';
import { rootCaPublisher } from '../../application/reconcilers/root-ca-publisher.js';
import { serviceAccountController } from '../../application/reconcilers/service-accounts.js';
import { systemPriorityClasses } from '../../application/reconcilers/system-priority-classes.js';
import type { Reconciler } from '../../application/reconcilers/runner.js';
import { scheduler } from '../../application/reconcilers/scheduler.js';
import { serviceAllocationRelease } from '../../application/reconcilers/service-allocation-release.js';
import { taintEvictionController } from '../../application/reconcilers/taint-eviction.js';

/** A reconciler and how many keys it may work on at once. */
export type Running = Readonly<{ reconciler: Reconciler; concurrency: number }>;

export type ControllerSettings = Readonly<{
  nodeMonitorGracePeriodMs: number;
  nodeMonitorPeriodMs: number;
  /** How long pods stay on a node that is not Ready (Kubernetes' default-unreachable-toleration-seconds). */
  defaultTolerationSeconds: number;
}>;

/** How often the node lifecycle controller looks: a quarter of the grace period, within 250 ms to 5 s. */
export const monitorPeriodFor = (gracePeriodMs: number) => Math.min(5000, Math.max(250, gracePeriodMs / 4));

/**
 * `rootCaCert`: the cluster CA (PEM) published to every namespace as kube-root-ca.crt; as kube-controller-manager,
 * the CA its kubeconfig trusts (or the API server's, in its process). Without one (plain HTTP) nothing is published.
 */
export type ControllerDeps = Readonly<{ models: ReadModels; heartbeats: Heartbeats; clock: Clock; ids: IdGenerator; rootCaCert?: string }>;

const SCHEDULER_BINDINGS_IN_FLIGHT = 64;

/** kube-scheduler: decisions one at a time (reconcile is synchronous), only the bindings travel concurrently. */
export const schedulerReconcilers = ({ models }: ControllerDeps): Running[] => [{ reconciler: scheduler(models), concurrency: SCHEDULER_BINDINGS_IN_FLIGHT }];

/** kube-controller-manager's controllers, the same set in every mode: in the API server's process, or in one of their own. */
export function controllerManagerReconcilers({ models, heartbeats, clock, ids, rootCaCert }: ControllerDeps, settings: ControllerSettings): Running[] {
  const one = (reconciler: Reconciler): Running => ({ reconciler, concurrency: 1 });
  return [
    one(nodeLifecycleReconciler(models, heartbeats, clock, { gracePeriodMs: settings.nodeMonitorGracePeriodMs, monitorPeriodMs: settings.nodeMonitorPeriodMs })),
    one(replicaSetController(models, ids, clock)),
    one(jobController(models, ids, clock)),
    one(deploymentController(models, clock)),
    one(taintEvictionController(models, clock, { defaultTolerationSeconds: settings.defaultTolerationSeconds, resyncMs: settings.nodeMonitorPeriodMs })),
    one(podGarbageCollector(models)),
    one(garbageCollector(models)),
    one(serviceAllocationRelease(models)),
    one(namespaceController(models)),
    one(endpointsController(models)),
    one(serviceAccountController(models, ids)),
    one(systemPriorityClasses(models, ids)),
    one(kubernetesServiceController(models, ids)),
    ...(rootCaCert ? [one(rootCaPublisher(models, ids, rootCaCert))] : []),
  ];
}
