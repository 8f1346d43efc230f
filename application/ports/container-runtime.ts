import type { Observable } from 'rxjs';
import type { PodHostPort, PodStatusReport } from '../../domain/pod/pod.js';
import type { PodView } from '../projections/workload-views.js';

/** Where a container's declared port is reachable on the node: pods share the host network, so each gets one. */
export type HostPortMapping = PodHostPort;

/** Something that went wrong in a pod that the kubelet reports as a Warning (FailedPostStartHook…). */
export type RuntimeWarning = Readonly<{ reason: string; message: string }>;

/** What a runtime knows of one pod's containers, as the kubelet reports it. */
export type RuntimePodStatus = Omit<PodStatusReport, 'namespace' | 'name' | 'nodeName'> &
  Readonly<{
    /** All containers are stopped and their resources released. */
    stopped: boolean;
    /** The last Warning of the pod's containers (a lifecycle hook that failed), not part of its status. */
    warning?: RuntimeWarning;
  }>;

export type ContainerLogsOptions = Readonly<{
  /** The logs of the run before the current one (`kubectl logs --previous`). */
  previous?: boolean;
  /** Only the last lines. */
  tailLines?: number;
  /** Keep yielding what the container writes until it stops (or the consumer stops iterating). */
  follow?: boolean;
  /** Each line prefixed with the time it was written (RFC3339 with nine fraction digits) and a space. */
  timestamps?: boolean;
  /** Only what was written at or after this time (RFC3339). */
  sinceTime?: string;
  /** No more than this many bytes (the last line may be cut). */
  limitBytes?: number;
}>;

/** Why `logs` has nothing to give; the messages are Kubernetes' own, for a 400/404 Status. */
export class ContainerLogsUnavailable extends Error {
  constructor(
    readonly problem: 'PodNotFound' | 'ContainerNotFound' | 'ContainerNotStarted' | 'PreviousNotFound',
    message: string,
  ) {
    super(message);
    this.name = 'ContainerLogsUnavailable';
  }
}

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
  /**
   * What a container wrote to stdout and stderr, in chunks of text. Throws `ContainerLogsUnavailable` at once (before
   * anything is iterated) when the pod, the container or the asked-for run is not there; with `follow` it ends when
   * the container stops or when the consumer returns.
   */
  logs(key: string, container: string, options?: ContainerLogsOptions): AsyncIterable<string>;
  /** A pod key each time that pod's runtime status changes. */
  readonly changes: Observable<string>;
  readonly name: string;
}
export const ContainerRuntime = Symbol.for('kes.ContainerRuntime');
