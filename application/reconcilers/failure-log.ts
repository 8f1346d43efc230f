import type { Clock } from '../ports/clock.js';
import type { Failure } from './failure-streaks.js';

/** Where a process writes its one-line messages (stderr, a file). */
export type Log = (line: string) => void;

const LINES_PER_SECOND = 20;
const SUMMARY_AFTER_MS = 1_000;
const SAMPLE_KEYS = 3;
/** Refusals a reconcile meets in normal operation (another writer came first, the object went meanwhile); a retry settles them. */
const EXPECTED = new Set(['Conflict', 'NotFound']);

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;
const kindOf = (f: Failure) => (f.refusal ? `${f.reason} (${f.refusal})` : f.reason);

/**
 * A runner's failures as log lines: like kube-controller-manager, one line per failure with its key, the back-off
 * spacing a key's retries. So that the log neither floods nor slows the loop it reports on, a key failing again
 * with the line last logged for it is logged again only at attempts 2, 4, 8, …; and an expected refusal on a
 * first attempt, or any failure beyond LINES_PER_SECOND lines a second, is held: counted, and summed up in one
 * line a second later.
 */
export class FailureLog {
  private readonly lastLogged = new Map<string, string>();
  private readonly held = new Map<string, { count: number; keys: string[] }>();
  private windowStartMs = -Infinity;
  private linesInWindow = 0;
  private summary: NodeJS.Timeout | undefined;

  constructor(
    private readonly name: string,
    private readonly log: Log,
    private readonly clock: Clock,
  ) {}

  failed(key: string, attempt: number, failure: Failure): void {
    const said = `${failure.reason}: ${failure.message}`;
    if (this.lastLogged.get(key) === said && !isPowerOfTwo(attempt)) return;
    if ((attempt === 1 && failure.refusal && EXPECTED.has(failure.refusal)) || !this.lineAvailable()) return this.hold(key, failure);
    this.lastLogged.set(key, said);
    this.log(`${this.name}: reconcile ${key} failed (attempt ${attempt}): ${said}`);
  }

  succeeded(key: string): void {
    this.lastLogged.delete(key);
  }

  /** A line about the runner's own work, within the same budget. */
  note(line: string): void {
    if (this.lineAvailable()) this.log(`${this.name}: ${line}`);
  }

  stop(): void {
    this.writeSummary();
  }

  private lineAvailable(): boolean {
    const now = this.clock.nowMs();
    if (now - this.windowStartMs >= 1_000) {
      this.windowStartMs = now;
      this.linesInWindow = 0;
    }
    return this.linesInWindow++ < LINES_PER_SECOND;
  }

  private hold(key: string, failure: Failure): void {
    const held = this.held.get(kindOf(failure)) ?? { count: 0, keys: [] };
    held.count++;
    if (held.keys.length < SAMPLE_KEYS && !held.keys.includes(key)) held.keys.push(key);
    this.held.set(kindOf(failure), held);
    this.summary ??= setTimeout(() => this.writeSummary(), SUMMARY_AFTER_MS).unref();
  }

  private writeSummary(): void {
    clearTimeout(this.summary);
    this.summary = undefined;
    if (this.held.size === 0) return;
    const total = [...this.held.values()].reduce((n, h) => n + h.count, 0);
    const kinds = [...this.held].map(([kind, h]) => `${kind} ×${h.count}: ${h.keys.join(', ')}${h.count > h.keys.length ? ', …' : ''}`);
    this.held.clear();
    this.log(`${this.name}: ${total} more failed reconciles, retried with back-off: ${kinds.join('; ')}`);
  }
}
