import type { Observable } from 'rxjs';
import type { PodStatusReport } from '../../domain/pod/pod.js';
import type { PodView } from '../projections/workload-views.js';

/** What a runtime knows of one pod's containers, as the kubelet reports it. */
export type RuntimePodStatus = Omit<PodStatusReport, 'namespace' | 'name' | 'nodeName'> &
  Readonly<{
    /** All containers are stopped and their resources released. */
    stopped: boolean;
  }>;

/**
 * Runs the containers of the pods bound to a node: real processes (`process`) or none at all
 * (`simulated`). Keys are pod keys (`<namespace>.<name>`).
 */
export interface ContainerRuntime {
  /** Makes the pod's containers run as its spec says; idempotent. */
  start(key: string, pod: PodView): Promise<void>;
  /**
   * Begins stopping the pod's containers (SIGTERM, then SIGKILL after the grace period) and returns at once;
   * `changes` tells when they have stopped. Idempotent.
   */
  stop(key: string, gracePeriodSeconds: number): Promise<void>;
  /** Forgets a stopped pod. */
  remove(key: string): Promise<void>;
  status(key: string): RuntimePodStatus | undefined;
  /** The keys of every pod the runtime holds. */
  pods(): Iterable<string>;
  /** A pod key each time that pod's runtime status changes. */
  readonly changes: Observable<string>;
  readonly name: string;
}
export const ContainerRuntime = Symbol.for('kes.ContainerRuntime');
