import { Subscription, type Observable } from 'rxjs';
import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import type { Clock } from '../ports/clock.js';
import type { CommandSender } from '../ports/command-sender.js';
import type { IdGenerator } from '../ports/ids.js';
import type { Cause } from '../projections/last-events.js';
import { FailureLog, type Log } from './failure-log.js';
import { failureOf, FailureStreaks, type Failure } from './failure-streaks.js';
import type { ReconcileSubject } from './reconcile-subject.js';

/** A command a reconciler wants sent; the runner stamps its metadata (the actor, unless it names one). */
export type PlannedCommand = Omit<Command, 'metadata'> & Readonly<{ actor?: string }>;

export type Reconciler = Readonly<{
  name: string;
  actor: string;
  /** Reads desired and actual state for the key and returns what closes the difference. */
  reconcile: (key: string) => readonly PlannedCommand[] | Promise<readonly PlannedCommand[]>;
  /** Every key, for the periodic resync. */
  keys: () => Iterable<string>;
  /** Keys to look at now (from events or heartbeats); only enqueues. */
  triggers: Observable<string>;
  resyncMs: number;
  /** The object a key stands for, while it exists: where a reconcile that keeps failing shows as a Warning. */
  subjectOf: (key: string) => ReconcileSubject | undefined;
  /**
   * After a reconcile that succeeded: in how many ms to look at the key again although nothing happens (a pod
   * becomes available once minReadySeconds have passed); undefined for no such time.
   */
  requeueAfterMs?: (key: string) => number | undefined;
  /** Keys of a higher priority are taken first (kube-scheduler's priority queue); without, or at 0, in order. */
  priorityOf?: (key: string) => number;
  /**
   * The last event of the object the key stands for, read before the reconcile: its commands carry it as their
   * causation and its correlation as theirs, so a trace follows a change through the sagas. Without, each
   * command is the root of a chain of its own.
   */
  causeOf?: (key: string) => Cause | undefined;
}>;

/** Resolves once the state a reconciler reads includes the store up to `position`. */
export type CaughtUp = (position: number) => Promise<void>;

export type RunnerCounters = { reconciles: number; commands: number; errors: number; requeues: number; warnings: number };

/** What a runner talks to; `log` is the process's (one line per message). */
export type RunnerDeps = Readonly<{ sender: CommandSender; clock: Clock; ids: IdGenerator; log: Log }>;

/**
 * `concurrency` keys may be reconciled at once; one key never twice at once. With `caughtUp`, a key is reconciled
 * again only on state that includes its own last commands (as Kubernetes' controller "expectations"), so a
 * controller never repeats what it has just done.
 */
export type RunnerOptions = Readonly<{ concurrency?: number; caughtUp?: CaughtUp; warnAfter?: number }>;

const BACKOFF_BASE_MS = 50;
const BACKOFF_MAX_MS = 10_000;

/** One loop per reconciler: a de-duplicating key queue, back-off on error, periodic resync, counters. */
export class ReconcilerRunner {
  readonly counters: RunnerCounters = { reconciles: 0, commands: 0, errors: 0, requeues: 0, warnings: 0 };
  private readonly queue = new Set<string>();
  /** The queued keys of a priority above 0, taken before the others. */
  private readonly urgent = new Set<string>();
  private readonly streaks: FailureStreaks;
  private readonly failureLog: FailureLog;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The timed look of each key that asked for one (requeueAfterMs): one per key, the earliest. */
  private readonly timedLooks = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly subscription = new Subscription();
  private readonly inFlight = new Set<string>();
  /** The store position of each key's last command: its next reconcile waits until its reads include it. */
  private readonly writtenAt = new Map<string, number>();
  private readonly concurrency: number;
  private pumpScheduled = false;
  private stopped = false;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly deps: RunnerDeps,
    private readonly options: RunnerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 1;
    this.streaks = new FailureStreaks(options.warnAfter);
    this.failureLog = new FailureLog(reconciler.name, deps.log, deps.clock);
  }

  start(): this {
    this.subscription.add(this.reconciler.triggers.subscribe((key) => this.enqueue(key)));
    const resync = setInterval(() => this.resync(), this.reconciler.resyncMs);
    this.timers.add(resync);
    this.resync();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.subscription.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const { timer } of this.timedLooks.values()) clearTimeout(timer);
    this.timedLooks.clear();
    this.failureLog.stop();
  }

  enqueue(key: string): void {
    if (this.stopped) return;
    this.queue.add(key);
    if ((this.reconciler.priorityOf?.(key) ?? 0) > 0) this.urgent.add(key);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** How many times in a row the key's reconcile has failed; 0 once it succeeds. */
  failuresOf(key: string): number {
    return this.streaks.failuresOf(key);
  }

  private resync(): void {
    for (const key of this.reconciler.keys()) this.enqueue(key);
  }

  /** The queue in the order to take it: urgent keys first, highest priority first. */
  private ordered(): Iterable<string> {
    if (this.urgent.size === 0) return this.queue;
    const priorityOf = this.reconciler.priorityOf!;
    return [...[...this.urgent].sort((a, b) => priorityOf(b) - priorityOf(a)), ...this.queue];
  }

  private pump(): void {
    for (const key of this.ordered()) {
      if (this.stopped || this.inFlight.size >= this.concurrency) return;
      if (this.inFlight.has(key) || !this.queue.has(key)) continue;
      this.queue.delete(key);
      this.urgent.delete(key);
      this.inFlight.add(key);
      void this.reconcileOne(key).finally(() => {
        this.inFlight.delete(key);
        this.pump();
      });
    }
  }

  private async reconcileOne(key: string): Promise<void> {
    this.counters.reconciles++;
    let sending: string | undefined;
    try {
      await this.ownWritesSeen(key);
      const cause = this.reconciler.causeOf?.(key);
      for (const planned of await this.reconciler.reconcile(key)) {
        sending = planned.type;
        const handled = await this.deps.sender.send(this.stamp(planned, cause));
        if (handled.appended > 0) this.writtenAt.set(key, Math.max(handled.position, this.writtenAt.get(key) ?? 0));
        this.counters.commands++;
      }
      this.streaks.succeeded(key);
      this.failureLog.succeeded(key);
      this.lookAgainLater(key, this.reconciler.requeueAfterMs?.(key));
    } catch (error) {
      await this.failed(key, failureOf(error, sending));
    }
  }

  private async ownWritesSeen(key: string): Promise<void> {
    const position = this.writtenAt.get(key);
    if (position === undefined || !this.options.caughtUp) return;
    await this.options.caughtUp(position);
    if (this.writtenAt.get(key) === position) this.writtenAt.delete(key);
  }

  private async failed(key: string, failure: Failure): Promise<void> {
    this.counters.errors++;
    const attempt = this.streaks.failed(key);
    this.failureLog.failed(key, attempt, failure);
    this.requeueLater(key, attempt);
    if (this.streaks.reportDue(key, failure)) await this.reportWarning(key, failure);
  }

  /**
   * A reconcile that keeps failing is recorded on its object as ReconcileFailed (the decider drops one that says
   * what the last said), so that `kubectl describe` shows it as a Warning from this controller. It is an
   * observation like kube-scheduler's FailedScheduling, which kes records as PodUnschedulable: in the log it
   * survives restarts, reaches integrators and stays in the object's history. Nothing is reported on an object
   * that no longer exists.
   */
  private async reportWarning(key: string, failure: Failure): Promise<void> {
    const subject = this.reconciler.subjectOf(key);
    if (!subject) return;
    const { kind, namespace, name, nodeName, actor } = subject;
    const data = { kind, namespace, name, controller: this.reconciler.name, reason: failure.reason, message: failure.message, ...(nodeName ? { nodeName } : {}) };
    try {
      await this.deps.sender.send(this.stamp({ type: 'ReportReconcileFailure', data, ...(actor ? { actor } : {}) }, this.reconciler.causeOf?.(key)));
      this.counters.warnings++;
      this.streaks.reported(key, failure);
    } catch (error) {
      if (error instanceof CommandRefused && error.reason === 'NotFound') return this.streaks.reported(key, failure);
      this.failureLog.note(`could not report on ${kind} ${key} that its reconcile keeps failing: ${(error as Error).message}`);
    }
  }

  private lookAgainLater(key: string, afterMs: number | undefined): void {
    if (afterMs === undefined || this.stopped) return;
    const at = this.deps.clock.nowMs() + afterMs;
    const planned = this.timedLooks.get(key);
    if (planned && planned.at <= at) return;
    if (planned) clearTimeout(planned.timer);
    const timer = setTimeout(() => {
      this.timedLooks.delete(key);
      this.enqueue(key);
    }, afterMs);
    this.timedLooks.set(key, { at, timer });
  }

  private requeueLater(key: string, failures: number): void {
    this.counters.requeues++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(key);
    }, Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS));
    this.timers.add(timer);
  }

  private stamp({ actor, ...command }: PlannedCommand, cause: Cause | undefined): Command {
    const commandId = this.deps.ids.newId();
    return { ...command, metadata: { commandId, actor: actor ?? this.reconciler.actor, at: this.deps.clock.now(), ...cause } };
  }
}
