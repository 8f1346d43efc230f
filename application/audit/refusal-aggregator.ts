import type { AskedFor, RefusalRecord } from '../../domain/audit/audit.js';
import type { Clock } from '../ports/clock.js';
import type { TimerHandle, Timers } from '../ports/timers.js';

/** One refused request, as the API server saw it. */
export type Refusal = Readonly<{ actor: string; source: string; asked: AskedFor; code: number; reason: string; message: string }>;

/** Where aggregated records go: the API server sends each as a command (RecordRefusal, RecordDroppedRefusals). */
export type AuditSink = Readonly<{
  refused: (record: RefusalRecord) => Promise<unknown>;
  dropped: (count: number, firstAt: string, lastAt: string) => Promise<unknown>;
}>;

export type AggregatorOptions = Readonly<{
  /** How long identical refusals are counted before their count is recorded (10 s). */
  windowMs: number;
  /** How many distinct refusals a window records; more are only counted, in one RefusalsDropped. */
  maxKeysPerWindow: number;
}>;

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = { windowMs: 10_000, maxKeysPerWindow: 50 };

type Repeats = { record: RefusalRecord; count: number; firstAt: string; lastAt: string };

/** Identical refusals: same actor, what was asked and why (the message may differ only in what it quotes). */
const keyOf = ({ actor, source, asked, code, reason }: Refusal) =>
  JSON.stringify([actor, actor === 'system:anonymous' ? source : '', asked.verb, asked.apiGroup, asked.resource, asked.subresource, asked.namespace, asked.name, asked.path, code, reason]);

/**
 * Turns a flood of refused requests into a bounded number of audit records. Time runs in windows (10 s by
 * default) that begin with the first refusal after a quiet spell:
 * - the first refusal of a key (actor — and source address for anonymous clients —, verb, resource, namespace,
 *   name, reason) in a window is recorded at once, with count 1;
 * - further identical ones in that window are only counted, and recorded as one record with their count when the
 *   window ends;
 * - at most `maxKeysPerWindow` distinct keys are recorded per window; refusals of any further key are counted
 *   and recorded as one RefusalsDropped when the window ends.
 * So a window appends at most 2 × maxKeysPerWindow + 1 events (101 by default: about 10 a second), whatever
 * the rate of refused requests. Records are written one after another, never concurrently.
 */
export class RefusalAggregator {
  private readonly seen = new Map<string, Repeats | undefined>();
  private dropped: { count: number; firstAt: string; lastAt: string } | undefined;
  private window: TimerHandle | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: AuditSink,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly options: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  refused(refusal: Refusal): void {
    const at = this.clock.now();
    this.window ??= this.timers.after(this.options.windowMs, () => void this.endWindow());
    const key = keyOf(refusal);
    if (this.seen.has(key)) return this.repeat(key, refusal, at);
    if (this.seen.size >= this.options.maxKeysPerWindow) {
      this.dropped = { count: (this.dropped?.count ?? 0) + 1, firstAt: this.dropped?.firstAt ?? at, lastAt: at };
      return;
    }
    this.seen.set(key, undefined);
    this.write(() => this.sink.refused({ ...refusal, count: 1, firstAt: at, lastAt: at }));
  }

  /** Ends the current window now: what it counted is recorded. Resolves when every record is written. */
  async flush(): Promise<void> {
    this.window?.cancel();
    this.endWindow();
    await this.writing;
  }

  private repeat(key: string, refusal: Refusal, at: string): void {
    const repeats = this.seen.get(key);
    if (repeats) {
      repeats.count++;
      repeats.lastAt = at;
    } else this.seen.set(key, { record: { ...refusal, count: 0, firstAt: at, lastAt: at }, count: 1, firstAt: at, lastAt: at });
  }

  private endWindow(): Promise<void> {
    this.window = undefined;
    for (const repeats of this.seen.values())
      if (repeats) this.write(() => this.sink.refused({ ...repeats.record, count: repeats.count, firstAt: repeats.firstAt, lastAt: repeats.lastAt }));
    const dropped = this.dropped;
    if (dropped) this.write(() => this.sink.dropped(dropped.count, dropped.firstAt, dropped.lastAt));
    this.seen.clear();
    this.dropped = undefined;
    return this.writing;
  }

  private write(record: () => Promise<unknown>): void {
    this.writing = this.writing.then(record).then(() => undefined, this.onError);
  }
}
