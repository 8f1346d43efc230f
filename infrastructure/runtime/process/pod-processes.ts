import { mkdir } from 'node:fs/promises';
import type { HostPortMapping, RuntimePodStatus, RuntimeWarning } from '../../../application/ports/container-runtime.js';
import type { PodConfigSource } from '../../../application/ports/pod-config-source.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { ContainerStatus } from '../../../domain/pod/pod.js';
import type { Container, RestartPolicy } from '../../../domain/pod/pod-spec.js';
import type { BackoffOptions } from './backoff.js';
import { ContainerRunner } from './container-runner.js';
import { containerEnv, POD_IP } from './env.js';
import { allocateHostPorts } from './host-ports.js';
import { containerDir, linkHostsFile, linkMounts, podDir, prepareVolumes, writeHostsFile, type VolumePaths } from './pod-files.js';
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

/** The kubelet's reason and message for a pod active longer than its activeDeadlineSeconds. */
const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };

/** An init container that fails is run again unless the pod's policy is Never (Kubernetes' OnFailure for them). */
const initRestartPolicy = (pod: RestartPolicy): RestartPolicy => (pod === 'Never' ? 'Never' : 'OnFailure');

/**
 * The containers of one pod: its directory, hosts file, host ports and volumes set up first (retried while a
 * ConfigMap or Secret it needs is missing), then its init containers one after another, each to completion, then
 * one runner per container; killed as a whole once activeDeadlineSeconds have passed; stopped as a whole.
 */
export class PodProcesses {
  private initRunners: ContainerRunner[] = [];
  private runners: ContainerRunner[] = [];
  private hostPorts: HostPortMapping[] = [];
  private volumes: VolumePaths = new Map();
  /** Why a container cannot run (a volumeMount that cannot be made), by container name. */
  private readonly mountProblems = new Map<string, string>();
  private mounted = false;
  private initsCompleted = 0;
  private initsLaunched = 0;
  private appsLaunched = false;
  private stopping = false;
  private stopped = false;
  private deadlineExceeded = false;
  private failure?: string;
  private warning?: RuntimeWarning;
  private retryTimer?: NodeJS.Timeout;
  private deadlineTimer?: NodeJS.Timeout;
  private readonly began: Promise<void>;
  private readonly stoppedWaiters: (() => void)[] = [];

  constructor(
    readonly key: string,
    readonly pod: PodView,
    private readonly deps: PodProcessesDeps,
  ) {
    const deadline = pod.spec.activeDeadlineSeconds;
    if (deadline !== undefined) this.deadlineTimer = setTimeout(() => this.exceedDeadline(), deadline * 1000);
    this.began = this.begin();
  }

  runner(name: string): ContainerRunner | undefined {
    return [...this.initRunners, ...this.runners].find((r) => r.name === name);
  }

  status(): RuntimePodStatus {
    const { spec } = this.pod;
    const inits = spec.initContainers ?? [];
    const containerStatuses = this.statusesOf(this.runners, spec.containers);
    const initContainerStatuses = this.statusesOf(this.initRunners, inits);
    const phase = this.deadlineExceeded ? 'Failed' : podPhase(containerStatuses, spec.restartPolicy, initContainerStatuses);
    return {
      phase,
      podIP: POD_IP,
      conditions: podConditions(containerStatuses, phase, initContainerStatuses),
      containerStatuses,
      ...(inits.length > 0 ? { initContainerStatuses } : {}),
      ...(this.deadlineExceeded ? DEADLINE_EXCEEDED : {}),
      ...(this.hostPorts.length > 0 ? { hostPorts: this.hostPorts } : {}),
      ...(this.warning ? { warning: this.warning } : {}),
      stopped: this.stopped,
    };
  }

  /** Begins stopping every container; a second call may shorten the grace period. */
  stop(graceSeconds: number): void {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.deadlineTimer);
    void this.began
      .then(() => Promise.all([...this.initRunners, ...this.runners].map((r) => r.halt(graceSeconds * 1000))))
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

  /** The kubelet's activeDeadlineHandler: the pod is killed and fails with DeadlineExceeded. */
  private exceedDeadline(): void {
    if (this.stopping) return;
    this.deadlineExceeded = true;
    this.stop(this.pod.spec.terminationGracePeriodSeconds);
    this.deps.onChange();
  }

  private statusesOf(runners: readonly ContainerRunner[], containers: readonly Container[]): ContainerStatus[] {
    return runners.length > 0 ? runners.map((r) => r.status()) : containers.map((c) => this.placeholder(c.name));
  }

  private placeholder(name: string): ContainerStatus {
    const initializing = (this.pod.spec.initContainers ?? []).length > 0;
    const waiting = this.failure ? { reason: 'RunContainerError', message: this.failure } : { reason: initializing ? 'PodInitializing' : 'ContainerCreating' };
    return { name, ready: false, restartCount: 0, state: { waiting }, started: false };
  }

  private changed(): void {
    this.deps.onChange();
    queueMicrotask(() => this.advance());
  }

  private async begin(): Promise<void> {
    const { root, config, baseEnv } = this.deps;
    const { spec } = this.pod;
    try {
      await mkdir(podDir(root, this.key), { recursive: true });
      const hostsFile = await writeHostsFile(root, this.key, this.pod, POD_IP);
      this.hostPorts = await allocateHostPorts(spec.containers);
      const initializing = (spec.initContainers ?? []).length > 0;
      const runnerOf = async (container: Container, restartPolicy: RestartPolicy) => {
        const cwd = containerDir(root, this.key, container.name);
        await mkdir(cwd, { recursive: true });
        await linkHostsFile(cwd, hostsFile);
        const hostPorts = this.hostPorts.filter((p) => p.container === container.name);
        const env = () => containerEnv(container, { pod: this.pod, cwd, hostPorts, volumes: this.volumes, config, base: baseEnv, hostsFile });
        const onWarning = (reason: string, message: string) => {
          this.warning = { reason, message };
          this.changed();
        };
        const waitingReason = initializing ? 'PodInitializing' : undefined;
        return new ContainerRunner({ ...this.deps, onChange: () => this.changed(), onWarning, pod: this.pod, container, cwd, hostPorts, env, restartPolicy, waitingReason });
      };
      for (const container of spec.initContainers ?? []) this.initRunners.push(await runnerOf(container, initRestartPolicy(spec.restartPolicy)));
      for (const container of spec.containers) this.runners.push(await runnerOf(container, spec.restartPolicy));
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
    const all = [...this.initRunners, ...this.runners];
    if ('problem' in volumes) {
      all.forEach((r) => r.hold('ContainerCreating', volumes.problem));
      this.retryTimer = setTimeout(() => void this.mountAndRun().catch((error: Error) => all.forEach((r) => r.hold('ContainerCreating', error.message))), this.deps.configRetryMs);
      return;
    }
    this.volumes = volumes;
    const containers = [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers];
    for (const runner of all) {
      const container = containers.find((c) => c.name === runner.name)!;
      const problem = await linkMounts(runner.cwd, container, volumes);
      if (this.stopping) return;
      if (problem) this.mountProblems.set(runner.name, problem.problem);
    }
    this.mounted = true;
    this.advance();
  }

  /** The next step of the pod's start: the first init container not yet completed, or, once all have, the containers. */
  private advance(): void {
    if (this.stopping || !this.mounted) return;
    while (this.initsCompleted < this.initRunners.length && this.initRunners[this.initsCompleted].hasCompleted()) this.initsCompleted += 1;
    if (this.initsCompleted < this.initRunners.length) {
      if (this.initsLaunched > this.initsCompleted) return;
      this.initsLaunched = this.initsCompleted + 1;
      return this.launch(this.initRunners[this.initsCompleted]);
    }
    if (this.appsLaunched) return;
    this.appsLaunched = true;
    this.runners.forEach((runner) => this.launch(runner));
  }

  private launch(runner: ContainerRunner): void {
    const problem = this.mountProblems.get(runner.name);
    if (problem) runner.hold('CreateContainerConfigError', problem);
    else runner.run();
  }
}
