import { Subject } from 'rxjs';
import type { Clock } from '../../../application/ports/clock.js';
import { ContainerLogsUnavailable, type ContainerLogsOptions, type ContainerRuntime, type RuntimePodStatus } from '../../../application/ports/container-runtime.js';
import type { PodView } from '../../../application/projections/workload-views.js';
import type { ContainerStatus, PodCondition } from '../../../domain/pod/pod.js';
import { podConditions } from '../process/pod-status.js';

export type SimulatedRuntimeOptions = Readonly<{
  /** How long containers take to start. */
  startLatencyMs: number;
  /** The share of pods whose containers fail to start (0..1). */
  failureRate: number;
  random?: () => number;
}>;

const conditions = (ready: boolean): PodCondition[] =>
  (['Initialized', 'PodScheduled', 'ContainersReady', 'Ready'] as const).map((type) => ({
    type,
    status: ready || type === 'Initialized' || type === 'PodScheduled' ? 'True' : 'False',
  }));

type Named = { name: string };

const waitingFor = (reason: string) => (c: Named): ContainerStatus => ({ name: c.name, ready: false, restartCount: 0, state: { waiting: { reason } } });
const completed = (c: Named, startedAt: string, finishedAt: string): ContainerStatus => ({ name: c.name, ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt } } });
const startedAt = (status: ContainerStatus | undefined) => (status && 'running' in status.state ? status.state.running.startedAt : undefined);
const running = (c: Named, at: string): ContainerStatus => ({ name: c.name, ready: false, restartCount: 0, state: { running: { startedAt: at } } });

/** Init container `i` when `done` of them have completed: as it ended, just completed, running, or waiting its turn. */
function initStatus(c: Named, i: number, done: number, before: ContainerStatus | undefined, at: string): ContainerStatus {
  if (i === done - 1) return completed(c, startedAt(before) ?? at, at);
  if (i < done && before) return before;
  return i === done ? running(c, at) : waitingFor('PodInitializing')(c);
}

/**
 * A runtime that runs nothing, like kwok: containers "start" after a latency, some fail on purpose. Init containers
 * run first, in order, each for one latency, and complete (the pod shows Init:N/M meanwhile, as the process runtime's do).
 */
export class SimulatedRuntime implements ContainerRuntime {
  readonly name = 'simulated';
  readonly changes = new Subject<string>();
  private readonly held = new Map<string, RuntimePodStatus>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextIp = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: SimulatedRuntimeOptions,
  ) {}

  async start(key: string, pod: PodView): Promise<void> {
    if (this.held.has(key)) return;
    this.initStep(key, pod, 0);
  }

  /** Init container `done` runs (those before it completed); once all have, the app containers are being created. */
  private initStep(key: string, pod: PodView, done: number): void {
    const before = this.held.get(key);
    // Stopped, or removed, while an init container "ran".
    if (before?.stopped || (done > 0 && !before)) return;
    const inits = pod.spec.initContainers ?? [];
    const at = this.clock.now();
    const initializing = done < inits.length;
    const initContainerStatuses = inits.map((c, i) => initStatus(c, i, done, before?.initContainerStatuses?.[i], at));
    const containerStatuses = pod.spec.containers.map(waitingFor(initializing ? 'PodInitializing' : 'ContainerCreating'));
    this.set(key, {
      phase: 'Pending',
      conditions: initializing ? podConditions(containerStatuses, 'Pending', initContainerStatuses) : conditions(false),
      containerStatuses,
      ...(inits.length > 0 ? { initContainerStatuses } : {}),
      stopped: false,
    });
    this.after(initializing ? () => this.initStep(key, pod, done + 1) : () => this.started(key, pod));
  }

  /** `next` after the start latency (at once when there is none). */
  private after(next: () => void): void {
    if (this.options.startLatencyMs <= 0) return next();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      next();
    }, this.options.startLatencyMs);
    this.timers.add(timer);
  }

  async stop(key: string): Promise<void> {
    const status = this.held.get(key);
    if (!status || status.stopped) return;
    const at = this.clock.now();
    const terminated = (c: ContainerStatus): ContainerStatus => ({ ...c, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: at } } });
    // An init container that completed stays as it ended; one that runs or waits is stopped with the rest.
    const initContainerStatuses = status.initContainerStatuses?.map((c) => ('terminated' in c.state ? c : terminated(c)));
    this.set(key, { ...status, conditions: conditions(false), containerStatuses: status.containerStatuses.map(terminated), ...(initContainerStatuses ? { initContainerStatuses } : {}), stopped: true });
  }

  async remove(key: string): Promise<void> {
    this.held.delete(key);
  }

  status(key: string): RuntimePodStatus | undefined {
    return this.held.get(key);
  }

  pods(): Iterable<string> {
    return this.held.keys();
  }

  /** There are no processes, so there is nothing but a line that says so. */
  /** One line saying there are no logs, with the flags that make sense for it: timestamps, tailLines 0, limitBytes. */
  logs(key: string, container: string, options: ContainerLogsOptions = {}): AsyncIterable<string> {
    const status = this.held.get(key);
    if (!status) throw new ContainerLogsUnavailable('PodNotFound', `pod ${key} is not held by the simulated runtime of this node`);
    if (![...status.containerStatuses, ...(status.initContainerStatuses ?? [])].some((c) => c.name === container))
      throw new ContainerLogsUnavailable('ContainerNotFound', `container ${container} is not valid for pod ${key}`);
    const stamp = options.timestamps ? `${this.clock.now().replace('Z', '000000Z')} ` : '';
    const line = options.tailLines === 0 ? '' : `${stamp}the simulated runtime runs no processes: container ${container} of pod ${key} has no logs\n`;
    const limited = options.limitBytes !== undefined ? Buffer.from(line).subarray(0, options.limitBytes).toString() : line;
    return (async function* () {
      if (limited) yield limited;
    })();
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private started(key: string, pod: PodView): void {
    const status = this.held.get(key);
    if (!status || status.stopped) return;
    const failed = (this.options.random ?? Math.random)() < this.options.failureRate;
    const at = this.clock.now();
    const podIP = `10.244.${Math.floor(this.nextIp / 250) % 250}.${(this.nextIp++ % 250) + 2}`;
    const container = (c: { name: string }): ContainerStatus =>
      failed
        ? { name: c.name, ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at } } }
        : { name: c.name, ready: true, restartCount: 0, state: { running: { startedAt: at } } };
    const phase = failed ? (pod.spec.restartPolicy === 'Always' ? 'Running' : 'Failed') : 'Running';
    const { initContainerStatuses } = status;
    this.set(key, { phase, podIP, conditions: conditions(!failed), containerStatuses: pod.spec.containers.map(container), ...(initContainerStatuses ? { initContainerStatuses } : {}), stopped: false, ...(failed ? { reason: 'SimulatedFailure', message: 'the simulated runtime failed this pod on purpose' } : {}) });
  }

  private set(key: string, status: RuntimePodStatus): void {
    this.held.set(key, status);
    this.changes.next(key);
  }
}
