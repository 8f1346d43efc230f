import { existsSync, statSync } from 'node:fs';
import { Subject } from 'rxjs';
import {
  ContainerLogsUnavailable,
  type ContainerLogsOptions,
  type ContainerRuntime,
  type RuntimePodStatus,
} from '../../../application/ports/container-runtime.js';
import { ContainerStreamRefused, type ContainerStreams, type ExecOptions, type ProcessOutput, type StreamedProcess } from '../../../application/ports/container-streams.js';
import type { PodConfigSource } from '../../../application/ports/pod-config-source.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import { allContainers } from '../../../domain/pod/pod-spec.js';
import { KUBERNETES_BACKOFF, type BackoffOptions } from './backoff.js';
import { attachTerminal, execIn } from './container-exec.js';
import { logFile, type ContainerRunner } from './container-runner.js';
import { POD_IP } from './env.js';
import { cleanUpLeftovers } from './leftovers.js';
import { readContainerLog } from './container-log.js';
import { removePodDir } from './pod-files.js';
import { PodProcesses } from './pod-processes.js';

/**
 * What a container inherits from the kubelet: PATH, and the marker of the test run that started the kubelet, if
 * any, so the tests can end every process a test's cluster started when the test dies (tests/support/guardian.ts):
 * containers run in sessions of their own, and a killed kubelet leaves them running.
 */
function inheritedEnv(): Record<string, string> {
  const marker = process.env.KES_TEST_RUN;
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', ...(marker ? { KES_TEST_RUN: marker } : {}) };
}

export type ProcessRuntimeOptions = Readonly<{
  /** Where the ConfigMaps and Secrets of env and volumes come from. */
  config: PodConfigSource;
  /** Crash-loop back-off; Kubernetes' 10 s doubling to 5 min by default. */
  backoff?: Partial<BackoffOptions>;
  /** How often a pod waiting for a missing ConfigMap or Secret tries again (default 10 s). */
  configRetryMs?: number;
  /** What every container's environment starts from (default: this process's PATH, and its KES_TEST_RUN). */
  baseEnv?: Readonly<Record<string, string>>;
  /** How often a followed log is checked for more (default 250 ms). */
  logPollMs?: number;
  /** Grace given to processes left by a previous run, in `open` (default 5 s). */
  leftoverGraceMs?: number;
  now?: () => string;
}>;

/**
 * The `process` container runtime: each container of a pod runs as a child process of its own (command + args,
 * no image), in `<root>/pods/<podKey>/<container>/`, with its env, ConfigMap/Secret env and files, host ports,
 * restart policy with back-off, probes and logs.
 */
export class ProcessRuntime implements ContainerRuntime, ContainerStreams {
  readonly name = 'process';
  readonly changes = new Subject<string>();
  private readonly held = new Map<string, PodProcesses>();
  private readonly reported = new Map<string, string>();
  private readonly backoff: BackoffOptions;

  /** Use `open`, which first cleans up what a previous run left under root. */
  constructor(
    readonly root: string,
    private readonly options: ProcessRuntimeOptions,
    /** The pods a previous run left, killed and removed by `open`; the kubelet starts them again. */
    readonly recovered: readonly string[] = [],
  ) {
    this.backoff = { ...KUBERNETES_BACKOFF, ...options.backoff };
  }

  /** A runtime on root, after killing the processes a previous run (a crashed or killed kubelet) left there. */
  static async open(root: string, options: ProcessRuntimeOptions): Promise<ProcessRuntime> {
    const recovered = await cleanUpLeftovers(root, options.leftoverGraceMs);
    return new ProcessRuntime(root, options, recovered);
  }

  /** For `kesadm reset`: kills whatever a runtime on root left running and removes its pod directories. */
  static reset(root: string, graceMs?: number): Promise<string[]> {
    return cleanUpLeftovers(root, graceMs);
  }

  async start(key: string, pod: PodView): Promise<void> {
    if (this.held.has(key)) return;
    const now = this.options.now ?? (() => new Date().toISOString());
    const deps = {
      root: this.root,
      config: this.options.config,
      backoff: this.backoff,
      configRetryMs: this.options.configRetryMs ?? 10_000,
      baseEnv: this.options.baseEnv ?? inheritedEnv(),
      now,
      onChange: () => this.changed(key),
    };
    this.held.set(key, new PodProcesses(key, pod, deps));
    this.changed(key);
  }

  async stop(key: string, gracePeriodSeconds: number): Promise<void> {
    this.held.get(key)?.stop(gracePeriodSeconds);
  }

  /** Forgets the pod and removes its directory (killing at once whatever still runs). */
  async remove(key: string): Promise<void> {
    const pod = this.held.get(key);
    if (!pod) return;
    pod.stop(0);
    await pod.whenStopped();
    this.held.delete(key);
    this.reported.delete(key);
    await removePodDir(this.root, key);
  }

  status(key: string): RuntimePodStatus | undefined {
    return this.held.get(key)?.status();
  }

  pods(): Iterable<string> {
    return this.held.keys();
  }

  /** Stops every pod (with its own grace period unless one is given) and resolves when no process is left. */
  async stopAll(gracePeriodSeconds?: number): Promise<void> {
    const pods = [...this.held.values()];
    pods.forEach((pod) => pod.stop(gracePeriodSeconds ?? pod.pod.spec.terminationGracePeriodSeconds));
    await Promise.all(pods.map((pod) => pod.whenStopped()));
  }

  logs(key: string, container: string, options: ContainerLogsOptions = {}): AsyncIterable<string> {
    const pod = this.held.get(key);
    const name = pod?.pod.meta.name ?? key;
    if (!pod) throw new ContainerLogsUnavailable('PodNotFound', `pod ${key} is not running on this node`);
    const runner = pod.runner(container);
    if (!runner) {
      if (!allContainers(pod.pod.spec).some((c) => c.name === container))
        throw new ContainerLogsUnavailable('ContainerNotFound', `container ${container} is not valid for pod ${name}`);
      throw new ContainerLogsUnavailable('ContainerNotStarted', `container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
    const runs = runner.runCount;
    if (runs === 0) {
      const state = runner.status().state;
      const reason = 'waiting' in state ? state.waiting.reason : 'ContainerCreating';
      throw new ContainerLogsUnavailable('ContainerNotStarted', `container "${container}" in pod "${name}" is waiting to start: ${reason}`);
    }
    if (options.previous && runs < 2)
      throw new ContainerLogsUnavailable('PreviousNotFound', `previous terminated container "${container}" in pod "${name}" not found`);
    const run = options.previous ? runs - 2 : runs - 1;
    const writing = () => runner.isRunning() && runner.runCount === run + 1;
    return readContainerLog(logFile(runner.cwd, run), { ...options, writing, pollMs: this.options.logPollMs ?? 250 });
  }

  exec(key: string, container: string, command: readonly string[], options: ExecOptions, output: ProcessOutput): Promise<StreamedProcess> {
    const { runner } = this.running(key, container);
    return execIn(runner.runContext()!, command, options, output);
  }

  /**
   * What the container writes from now on (its terminal's output as it comes when it has one, else its log,
   * followed), and its stdin when it keeps one (`stdin: true`).
   */
  attach(key: string, container: string, output: ProcessOutput): StreamedProcess {
    const { runner } = this.running(key, container);
    const terminal = runner.terminal();
    if (terminal) return attachTerminal(terminal, runner.input(), output);
    // Where the log ends now, not when the read begins: what stdin makes the process write must not be missed.
    const run = runner.runCount - 1;
    const path = logFile(runner.cwd, run);
    const from = existsSync(path) ? statSync(path).size : 0;
    const writing = () => runner.isRunning() && runner.runCount === run + 1;
    const following = readContainerLog(path, { from, follow: true, writing, pollMs: this.options.logPollMs ?? 250 });
    const input = runner.input();
    const exited = (async () => {
      for await (const text of following) output.stdout(Buffer.from(text));
      return 0;
    })();
    return {
      write: (chunk) => void input?.write(chunk),
      endInput: () => void input?.end(),
      exited,
      stop: () => void following[Symbol.asyncIterator]().return?.(),
      resize: () => undefined,
    };
  }

  portOf(key: string, port: number): Readonly<{ host: string; port: number }> {
    const pod = this.held.get(key);
    if (!pod) throw new ContainerStreamRefused('PodNotFound', `pod ${key} is not running on this node`);
    const declared = pod.status().hostPorts?.find((p) => p.containerPort === port && p.protocol === 'TCP');
    return { host: POD_IP, port: declared?.hostPort ?? port };
  }

  /** The container's runner, refused in the kubelet's words unless its process runs. */
  private running(key: string, container: string): { runner: ContainerRunner } {
    const pod = this.held.get(key);
    if (!pod) throw new ContainerStreamRefused('PodNotFound', `pod ${key} is not running on this node`);
    const name = pod.pod.meta.name;
    if (!pod.pod.spec.containers.some((c) => c.name === container))
      throw new ContainerStreamRefused('ContainerNotFound', `container ${container} is not valid for pod ${name}`);
    const runner = pod.runner(container);
    if (!runner?.runContext()) throw new ContainerStreamRefused('ContainerNotRunning', `container ${container} in pod ${name} is not running`);
    return { runner };
  }

  private changed(key: string): void {
    const pod = this.held.get(key);
    if (!pod) return;
    const now = JSON.stringify(pod.status());
    if (this.reported.get(key) === now) return;
    this.reported.set(key, now);
    this.changes.next(key);
  }
}
