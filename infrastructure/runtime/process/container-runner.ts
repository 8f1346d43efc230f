import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostPortMapping } from '../../../application/ports/container-runtime.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { ContainerState, ContainerStatus, TerminatedState } from '../../../domain/pod/pod.js';
import type { Container, ContainerUser, LifecycleHandler, RestartPolicy } from '../../../domain/pod/pod-spec.js';
import { RestartBackoff, type BackoffOptions } from './backoff.js';
import { ContainerProbes } from './container-probes.js';
import { ContainerProcess, type ProcessExit, type ProcessInput } from './container-process.js';
import { expand } from './env.js';
import { hookFailure, runHook } from './lifecycle-hooks.js';
import type { Problem } from './pod-files.js';
import type { ProbeTarget } from './probe-check.js';
import type { TerminalProcess } from './terminal.js';

/** How the current run was started, for `kubectl exec` to run beside it: its directory, environment and user. */
export type RunContext = Readonly<{ cwd: string; env: Readonly<Record<string, string>>; uid?: number; gid?: number }>;

export type ContainerRunnerDeps = Readonly<{
  pod: PodView;
  container: Container;
  cwd: string;
  /** This container's ports. */
  hostPorts: readonly HostPortMapping[];
  /** The environment, resolved anew before each run (a ConfigMap made since may mend a config error). */
  env: () => Promise<Record<string, string> | Problem>;
  backoff: BackoffOptions;
  configRetryMs: number;
  /** When it runs again: the pod's policy, or for an init container OnFailure (Never under a pod's Never). */
  restartPolicy: RestartPolicy;
  /** Why it waits before its first run (PodInitializing while a pod's init containers run). */
  waitingReason?: string;
  now: () => string;
  onChange: () => void;
  /** A lifecycle hook failed: the kubelet's Warning (FailedPostStartHook, FailedPreStopHook). */
  onWarning: (reason: string, message: string) => void;
}>;

/** `10s`, `5m0s`, `300ms`: durations as the kubelet prints them. */
const duration = (ms: number) => (ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${ms / 1000}s` : `${Math.floor(ms / 60_000)}m${(ms % 60_000) / 1000}s`);

type StreamFlag = 'stdin' | 'tty';
type KeptFields = { unmodelled?: { containers?: readonly (Partial<Record<StreamFlag, unknown>> | undefined)[] } };

/**
 * `stdin: true` (as `kubectl run -i` asks: the process gets a stdin that `kubectl attach` writes to) or `tty: true`
 * (`kubectl run -t`: it runs in a terminal), typed on the container or kept among the pod's fields the typed view
 * does not model.
 */
function asks(flag: StreamFlag, pod: PodView, container: Container): boolean {
  const kept = (pod.spec as KeptFields).unmodelled?.containers?.[pod.spec.containers.indexOf(container)];
  return (container as Partial<Record<StreamFlag, unknown>>)[flag] === true || kept?.[flag] === true;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * The container's workingDir, and the user and group of its securityContext (or else of the pod's) when this
 * process is root and may switch to them. A process of another user cannot enter the runtime's own 0700
 * directories, so it starts in `/` unless the container names a working directory.
 */
export function processUser(container: Container, pod: ContainerUser = {}): { workingDir?: string; uid?: number; gid?: number } {
  const { runAsUser, runAsGroup } = { ...pod, ...container.securityContext };
  const switches = isRoot() && (runAsUser !== undefined || runAsGroup !== undefined);
  const workingDir = container.workingDir ?? (switches ? '/' : undefined);
  return {
    ...(workingDir ? { workingDir } : {}),
    ...(switches && runAsUser !== undefined ? { uid: runAsUser } : {}),
    ...(switches && runAsGroup !== undefined ? { gid: runAsGroup } : {}),
  };
}

/** The log of run n (0-based; n is the restartCount the run had). */
export const logFile = (cwd: string, run: number) => join(cwd, `${run}.log`);

/**
 * One container of a pod, from its first run to its last: restarts as the pod's restartPolicy says with the
 * crash-loop back-off, probes while it runs (startup gating liveness and readiness; a failed liveness or startup
 * probe kills it), and its status as Kubernetes reports it.
 */
export class ContainerRunner {
  private state: ContainerState;
  private lastState?: Readonly<{ terminated: TerminatedState }>;
  private runs = 0;
  private ready = false;
  private started = false;
  private process?: ContainerProcess;
  private context?: RunContext;
  private probes?: ContainerProbes;
  private timer?: NodeJS.Timeout;
  private launching = false;
  private halted = false;
  private haltGraceMs = Infinity;
  private killedBecause?: string;
  private killDeadline = Infinity;
  private preStopping = false;
  private runEnv: Readonly<Record<string, string>> = {};
  private idleWaiters: (() => void)[] = [];
  private readonly backoff: RestartBackoff;

  constructor(private readonly deps: ContainerRunnerDeps) {
    this.backoff = new RestartBackoff(deps.backoff);
    this.state = { waiting: { reason: deps.waitingReason ?? 'ContainerCreating' } };
  }

  get name(): string {
    return this.deps.container.name;
  }

  /** How many runs there were; the current (or last) one logs to `logFile(cwd, runCount - 1)`. */
  get runCount(): number {
    return this.runs;
  }

  get cwd(): string {
    return this.deps.cwd;
  }

  isRunning(): boolean {
    return this.process !== undefined;
  }

  /** Where and as whom the running process runs; undefined while nothing runs. */
  runContext(): RunContext | undefined {
    return this.process ? this.context : undefined;
  }

  /** The running process's stdin, when its container keeps one open (`stdin: true`). */
  input(): ProcessInput | undefined {
    return this.process?.stdin;
  }

  /** The terminal the running process runs in, when its container asks for one (`tty: true`). */
  terminal(): TerminalProcess | undefined {
    return this.process?.terminal;
  }

  /** Whether nothing of the container runs or is about to. */
  isIdle(): boolean {
    return !this.process && !this.launching;
  }

  status(): ContainerStatus {
    const running = 'running' in this.state;
    return {
      name: this.name,
      ready: this.ready,
      restartCount: Math.max(0, this.runs - 1),
      state: this.state,
      ...(this.lastState ? { lastState: this.lastState } : {}),
      started: running && this.started,
    };
  }

  /** Holds the container before its first run (a pod volume that cannot be set up yet). */
  hold(reason: string, message: string): void {
    if (this.runs > 0 || this.halted) return;
    this.wait(reason, message);
  }

  run(): void {
    if (!this.halted && this.isIdle() && !this.timer) void this.launch();
  }

  /** Whether it ran and exited 0 (what an init container must do before the next one starts). */
  hasCompleted(): boolean {
    return 'terminated' in this.state && this.state.terminated.exitCode === 0 && this.isIdle() && !this.timer;
  }

  /**
   * Stops the container for good: its preStop hook first (within the grace period), then SIGTERM, SIGKILL once
   * graceMs have passed; resolves when no process of it is left.
   */
  halt(graceMs: number): Promise<void> {
    this.halted = true;
    this.haltGraceMs = Math.min(this.haltGraceMs, graceMs);
    this.killDeadline = Math.min(this.killDeadline, Date.now() + graceMs);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopProbes();
    this.ready = false;
    const preStop = this.deps.container.lifecycle?.preStop;
    if (this.process && preStop && graceMs > 0) this.preStop(preStop, this.process, graceMs);
    else this.process?.terminate(graceMs);
    this.deps.onChange();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settle();
    });
  }

  /** The kubelet's killContainer: the preStop hook, then the stop signal with what is left of the grace (at least 2 s). */
  private preStop(handler: LifecycleHandler, process: ContainerProcess, graceMs: number): void {
    if (this.preStopping) return;
    this.preStopping = true;
    const began = Date.now();
    void runHook(handler, this.hookTarget(), graceMs).then((outcome) => {
      if (!outcome.ok) this.deps.onWarning('FailedPreStopHook', hookFailure('PreStop', handler, this.name, this.podName(), outcome.message));
      const left = Math.max(0, this.killDeadline - Date.now());
      process.terminate(Math.max(left, Math.min(2000, graceMs - (Date.now() - began))));
    });
  }

  /** The kubelet's runPostStartHook: a hook that fails kills the container, which restarts as its policy says. */
  private async postStart(handler: LifecycleHandler, process: ContainerProcess): Promise<void> {
    const timeoutMs = Math.max(30, this.deps.pod.spec.terminationGracePeriodSeconds) * 1000;
    const outcome = await runHook(handler, this.hookTarget(), timeoutMs);
    if (outcome.ok || this.process !== process || this.halted) return;
    const message = hookFailure('PostStart', handler, this.name, this.podName(), outcome.message);
    this.deps.onWarning('FailedPostStartHook', message);
    this.stopProbes();
    this.ready = false;
    this.killedBecause = message;
    process.terminate(this.deps.pod.spec.terminationGracePeriodSeconds * 1000);
    this.deps.onChange();
  }

  private hookTarget(): ProbeTarget {
    const { container, cwd, hostPorts, pod } = this.deps;
    return {
      container: container.name,
      cwd,
      env: this.runEnv,
      hostPort: (port) => hostPorts.find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port))?.hostPort,
      ...processUser(container, pod.spec.securityContext),
    };
  }

  /** `name_namespace(uid)`, as the kubelet names a pod in its messages. */
  private podName(): string {
    const { meta } = this.deps.pod;
    return `${meta.name}_${meta.namespace}(${meta.uid})`;
  }

  private async launch(): Promise<void> {
    this.timer = undefined;
    this.launching = true;
    try {
      await this.spawnRun();
    } catch (error) {
      this.wait('RunContainerError', (error as Error).message);
      this.retryIn(this.deps.configRetryMs);
    } finally {
      this.launching = false;
      this.settle();
    }
  }

  private async spawnRun(): Promise<void> {
    const { container, cwd } = this.deps;
    if (!container.command || container.command.length === 0)
      return this.wait('RunContainerError', `container ${container.name} has no command; the process runtime runs command + args, it cannot pull image ${container.image}`);
    const env = await this.deps.env();
    if (this.halted) return;
    if ('problem' in env) {
      this.wait('CreateContainerConfigError', env.problem);
      return this.retryIn(this.deps.configRetryMs);
    }
    const [file, ...args] = [...container.command, ...(container.args ?? [])].map((word) => expand(word, env));
    const run = this.runs;
    if (run >= 2) await rm(logFile(cwd, run - 2), { force: true });
    const user = processUser(container, this.deps.pod.spec.securityContext);
    const spawned = await ContainerProcess.start({ command: file, args, cwd, env, logPath: logFile(cwd, run), stdin: asks('stdin', this.deps.pod, container), tty: asks('tty', this.deps.pod, container), ...user }, this.deps.now);
    this.runEnv = env;
    this.runs += 1;
    const startedAtMs = Date.now();
    const startedAt = this.deps.now();
    if (!spawned.record) return void spawned.exited.then((exit) => this.ended(exit, startedAt, startedAtMs));
    this.process = spawned;
    this.context = { cwd: user.workingDir ?? cwd, env, ...(user.uid !== undefined ? { uid: user.uid } : {}), ...(user.gid !== undefined ? { gid: user.gid } : {}) };
    this.state = { running: { startedAt } };
    this.started = !container.startupProbe;
    this.ready = this.started && !container.readinessProbe;
    if (this.halted) spawned.terminate(this.haltGraceMs);
    else this.startProbes(env, startedAtMs);
    const postStart = container.lifecycle?.postStart;
    if (postStart && !this.halted) void this.postStart(postStart, spawned);
    this.deps.onChange();
    void spawned.exited.then((exit) => this.ended(exit, startedAt, startedAtMs));
  }

  private ended(exit: ProcessExit, startedAt: string, startedAtMs: number): void {
    this.process = undefined;
    this.stopProbes();
    this.ready = false;
    this.started = false;
    const terminated: TerminatedState = { ...exit, ...(this.killedBecause ? { message: this.killedBecause } : {}), startedAt };
    this.killedBecause = undefined;
    const policy = this.deps.restartPolicy;
    const restart = !this.halted && (policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0));
    this.state = { terminated };
    if (restart) {
      this.lastState = { terminated };
      const delay = this.backoff.next(Date.now() - startedAtMs);
      if (delay > 0) {
        const { meta } = this.deps.pod;
        this.wait('CrashLoopBackOff', `back-off ${duration(delay)} restarting failed container=${this.name} pod=${meta.name}_${meta.namespace}(${meta.uid})`);
      }
      this.retryIn(delay);
    }
    this.deps.onChange();
    this.settle();
  }

  private startProbes(env: Readonly<Record<string, string>>, startedAtMs: number): void {
    const { container, cwd, hostPorts } = this.deps;
    const target: ProbeTarget = {
      container: container.name,
      cwd,
      env,
      hostPort: (port) => hostPorts.find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port))?.hostPort,
    };
    this.probes = new ContainerProbes(container, target, startedAtMs, {
      started: () => {
        this.started = true;
        this.ready = !container.readinessProbe;
        this.deps.onChange();
      },
      readiness: (ready) => {
        this.ready = ready;
        this.deps.onChange();
      },
      failed: (probe, message) => this.kill(probe, message),
    });
  }

  private kill(probe: 'liveness' | 'startup', message?: string): void {
    if (!this.process) return;
    this.stopProbes();
    this.ready = false;
    this.killedBecause = `container ${this.name} failed its ${probe} probe and was killed${message ? `: ${message}` : ''}`;
    this.process.terminate(this.deps.pod.spec.terminationGracePeriodSeconds * 1000);
    this.deps.onChange();
  }

  private stopProbes(): void {
    this.probes?.stop();
    this.probes = undefined;
  }

  private wait(reason: string, message: string): void {
    this.state = { waiting: { reason, message } };
    this.deps.onChange();
  }

  private retryIn(delayMs: number): void {
    if (this.halted) return;
    this.timer = setTimeout(() => void this.launch(), delayMs);
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
