import { mkdir } from 'node:fs/promises';
import type { HostPortMapping, RuntimePodStatus } from '../../../application/ports/container-runtime.js';
import type { PodConfigSource } from '../../../application/ports/pod-config-source.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { ContainerStatus } from '../../../domain/pod/pod.js';
import type { BackoffOptions } from './backoff.js';
import { ContainerRunner } from './container-runner.js';
import { containerEnv, POD_IP } from './env.js';
import { allocateHostPorts } from './host-ports.js';
import { containerDir, linkMounts, podDir, prepareVolumes, type VolumePaths } from './pod-files.js';
import { podConditions, podPhase } from './pod-status.js';

export type PodProcessesDeps = Readonly<{
  root: string;
  config: PodConfigSource;
  backoff: BackoffOptions;
  configRetryMs: number;
  baseEnv: Readonly<Record<string, string>>;
  now: () => string;
  onChange: () => void;
}>;

/**
 * The containers of one pod: its directory, host ports and volumes set up first (retried while a ConfigMap or
 * Secret it needs is missing), then one runner per container; stopped as a whole.
 */
export class PodProcesses {
  private runners: ContainerRunner[] = [];
  private hostPorts: HostPortMapping[] = [];
  private volumes: VolumePaths = new Map();
  private stopping = false;
  private stopped = false;
  private failure?: string;
  private retryTimer?: NodeJS.Timeout;
  private readonly began: Promise<void>;
  private readonly stoppedWaiters: (() => void)[] = [];

  constructor(
    readonly key: string,
    readonly pod: PodView,
    private readonly deps: PodProcessesDeps,
  ) {
    this.began = this.begin();
  }

  runner(name: string): ContainerRunner | undefined {
    return this.runners.find((r) => r.name === name);
  }

  status(): RuntimePodStatus {
    const containerStatuses = this.runners.length > 0 ? this.runners.map((r) => r.status()) : this.pod.spec.containers.map((c) => this.placeholder(c.name));
    const phase = podPhase(containerStatuses, this.pod.spec.restartPolicy);
    return {
      phase,
      podIP: POD_IP,
      conditions: podConditions(containerStatuses, phase),
      containerStatuses,
      ...(this.hostPorts.length > 0 ? { hostPorts: this.hostPorts } : {}),
      stopped: this.stopped,
    };
  }

  /** Begins stopping every container; a second call may shorten the grace period. */
  stop(graceSeconds: number): void {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    void this.began
      .then(() => Promise.all(this.runners.map((r) => r.halt(graceSeconds * 1000))))
      .then(() => {
        if (this.stopped) return;
        this.stopped = true;
        this.stoppedWaiters.splice(0).forEach((resolve) => resolve());
        this.deps.onChange();
      });
  }

  whenStopped(): Promise<void> {
    return this.stopped ? Promise.resolve() : new Promise((resolve) => this.stoppedWaiters.push(resolve));
  }

  private placeholder(name: string): ContainerStatus {
    const waiting = this.failure ? { reason: 'RunContainerError', message: this.failure } : { reason: 'ContainerCreating' };
    return { name, ready: false, restartCount: 0, state: { waiting }, started: false };
  }

  private async begin(): Promise<void> {
    const { root, config, baseEnv } = this.deps;
    try {
      await mkdir(podDir(root, this.key), { recursive: true });
      this.hostPorts = await allocateHostPorts(this.pod.spec.containers);
      for (const container of this.pod.spec.containers) {
        const cwd = containerDir(root, this.key, container.name);
        await mkdir(cwd, { recursive: true });
        const hostPorts = this.hostPorts.filter((p) => p.container === container.name);
        const env = () => containerEnv(container, { pod: this.pod, cwd, hostPorts, volumes: this.volumes, config, base: baseEnv });
        this.runners.push(new ContainerRunner({ ...this.deps, pod: this.pod, container, cwd, hostPorts, env }));
      }
      this.deps.onChange();
      if (!this.stopping) await this.mountAndRun();
    } catch (error) {
      this.failure = `the process runtime could not set up pod ${this.key}: ${(error as Error).message}`;
      this.deps.onChange();
    }
  }

  private async mountAndRun(): Promise<void> {
    const volumes = await prepareVolumes(podDir(this.deps.root, this.key), this.pod, this.deps.config);
    if (this.stopping) return;
    if ('problem' in volumes) {
      this.runners.forEach((r) => r.hold('ContainerCreating', volumes.problem));
      this.retryTimer = setTimeout(() => void this.mountAndRun().catch((error: Error) => this.runners.forEach((r) => r.hold('ContainerCreating', error.message))), this.deps.configRetryMs);
      return;
    }
    this.volumes = volumes;
    for (const runner of this.runners) {
      const container = this.pod.spec.containers.find((c) => c.name === runner.name)!;
      const problem = await linkMounts(runner.cwd, container, volumes);
      if (this.stopping) return;
      if (problem) runner.hold('CreateContainerConfigError', problem.problem);
      else runner.run();
    }
  }
}
