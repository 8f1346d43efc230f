import type { Probe } from '../../../domain/pod/pod-spec.js';
import { checkProbe, type ProbeTarget } from './probe-check.js';

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

/** A change of a probe's verdict: passing after successThreshold successes in a row, failing after failureThreshold failures. */
export type Verdict = Readonly<{ passing: boolean; message?: string }>;

/**
 * Runs one probe of a running container: first initialDelaySeconds after the container started, then every
 * periodSeconds (from the start of the previous check), and tells each change of verdict.
 */
export class Prober {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private successes = 0;
  private failures = 0;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly target: ProbeTarget,
    /** The verdict before any check: readiness false, liveness true, startup unknown (so that failing is news). */
    private passing: boolean | undefined,
    private readonly onVerdict: (verdict: Verdict) => void,
  ) {}

  /** Starts probing, counting the initial delay from startedAtMs. */
  start(startedAtMs: number): void {
    this.schedule(startedAtMs + this.probe.initialDelaySeconds * 1000 - Date.now());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), Math.max(0, delayMs));
  }

  private async check(): Promise<void> {
    const began = Date.now();
    const outcome = await checkProbe(this.probe, this.target).catch((error: Error) => ({ ok: false, message: error.message }));
    if (this.stopped) return;
    if (outcome.ok) {
      this.failures = 0;
      this.successes += 1;
      if (this.passing !== true && this.successes >= this.probe.successThreshold) this.change({ passing: true });
    } else {
      this.successes = 0;
      this.failures += 1;
      if (this.passing !== false && this.failures >= this.probe.failureThreshold) this.change({ passing: false, message: outcome.message });
    }
    this.schedule(began + Math.max(1, this.probe.periodSeconds) * 1000 - Date.now());
  }

  private change(verdict: Verdict): void {
    this.passing = verdict.passing;
    this.onVerdict(verdict);
  }
}
