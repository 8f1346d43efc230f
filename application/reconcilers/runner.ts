import { Subscription, type Observable } from 'rxjs';
import type { Command } from '../../domain/shared/event.js';
import type { Clock } from '../ports/clock.js';
import type { CommandSender } from '../ports/command-sender.js';
import type { IdGenerator } from '../ports/ids.js';

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
}>;

/** Resolves once the state a reconciler reads includes the store up to `position`. */
export type CaughtUp = (position: number) => Promise<void>;

export type RunnerCounters = { reconciles: number; commands: number; errors: number; requeues: number };

const BACKOFF_BASE_MS = 50;
const BACKOFF_MAX_MS = 10_000;

/** One loop per reconciler: a de-duplicating key queue, back-off on error, periodic resync, counters. */
export class ReconcilerRunner {
  readonly counters: RunnerCounters = { reconciles: 0, commands: 0, errors: 0, requeues: 0 };
  private readonly queue = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly subscription = new Subscription();
  private readonly inFlight = new Set<string>();
  /** The store position of each key's last command: its next reconcile waits until its reads include it. */
  private readonly writtenAt = new Map<string, number>();
  private pumpScheduled = false;
  private stopped = false;

  /**
   * `concurrency` keys may be reconciled at once; one key never twice at once. With `caughtUp`, a key is
   * reconciled again only on state that includes its own last commands (as Kubernetes' controller
   * "expectations"), so a controller never repeats what it has just done.
   */
  constructor(
    private readonly reconciler: Reconciler,
    private readonly sender: CommandSender,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly concurrency = 1,
    private readonly caughtUp?: CaughtUp,
  ) {}

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
  }

  enqueue(key: string): void {
    if (this.stopped) return;
    this.queue.add(key);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private resync(): void {
    for (const key of this.reconciler.keys()) this.enqueue(key);
  }

  private pump(): void {
    for (const key of this.queue) {
      if (this.stopped || this.inFlight.size >= this.concurrency) return;
      if (this.inFlight.has(key)) continue;
      this.queue.delete(key);
      this.inFlight.add(key);
      void this.reconcileOne(key).finally(() => {
        this.inFlight.delete(key);
        this.pump();
      });
    }
  }

  private async reconcileOne(key: string): Promise<void> {
    this.counters.reconciles++;
    try {
      await this.ownWritesSeen(key);
      for (const planned of await this.reconciler.reconcile(key)) {
        const handled = await this.sender.send(this.stamp(planned));
        if (handled.appended > 0) this.writtenAt.set(key, Math.max(handled.position, this.writtenAt.get(key) ?? 0));
        this.counters.commands++;
      }
      this.failures.delete(key);
    } catch {
      this.counters.errors++;
      this.requeueLater(key);
    }
  }

  private async ownWritesSeen(key: string): Promise<void> {
    const position = this.writtenAt.get(key);
    if (position === undefined || !this.caughtUp) return;
    await this.caughtUp(position);
    if (this.writtenAt.get(key) === position) this.writtenAt.delete(key);
  }

  private requeueLater(key: string): void {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    this.counters.requeues++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(key);
    }, Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS));
    this.timers.add(timer);
  }

  private stamp({ actor, ...command }: PlannedCommand): Command {
    const commandId = this.ids.newId();
    return { ...command, metadata: { commandId, actor: actor ?? this.reconciler.actor, at: this.clock.now() } };
  }
}
